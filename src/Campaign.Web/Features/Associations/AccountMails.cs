using Campaign.Web.Features.Accounts;
using Campaign.Web.Features.Mail;
using Campaign.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Associations;

/// <summary>
/// The mails of an association's account, queued in the outbox so they are committed with the change that
/// caused them. Call <see cref="Sent"/> after committing an explicit transaction so the worker sends at once.
/// </summary>
public sealed class AccountMails(UserManager<CampaignUser> users, Outbox outbox, IOptions<SiteOptions> site, IHttpContextAccessor http, TimeProvider clock)
{
    private string BaseUrl => site.Value.BaseFor(http.HttpContext?.Request);

    public async Task ConfirmEmailAsync(CampaignUser user, Association? association, CancellationToken ct)
    {
        var code = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = $"{BaseUrl}/forening/bekraeft?bruger={user.Id}&kode={Uri.EscapeDataString(code)}";
        var welcome = association is null ? "Du har bedt om et nyt link til at bekræfte din e-mailadresse." : $"Tak, fordi I har oprettet {association.Name} på Tal om ensomhed.";
        outbox.Enqueue(new OutgoingMail(
            $"bekraeft-email:{user.Id}:{clock.GetUtcNow():yyyyMMddHHmm}",
            user.Email!, user.DisplayName, "Bekræft din e-mailadresse",
            MailTemplate.Render(
                $"Hej {user.DisplayName}",
                [welcome, "Klik på knappen for at bekræfte din e-mailadresse. Linket virker i to dage."],
                ("Bekræft e-mailadresse", link),
                "Har du ikke oprettet en profil, kan du se bort fra denne mail.")));
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Someone tried to register an address that already has an account: tell its owner, tell the visitor nothing.</summary>
    public Task AlreadyRegisteredAsync(CampaignUser user, CancellationToken ct)
    {
        outbox.Enqueue(new OutgoingMail(
            $"allerede-oprettet:{user.Id}:{clock.GetUtcNow():yyyyMMddHH}",
            user.Email!, user.DisplayName, "Du har allerede en profil",
            MailTemplate.Render(
                $"Hej {user.DisplayName}",
                ["Nogen – måske dig – har forsøgt at oprette en ny forening med din e-mailadresse. Du har allerede en profil, så der er ikke oprettet noget nyt.",
                 "Har du glemt din adgangskode, kan du logge ind og vælge at nulstille den."],
                ("Log ind", $"{BaseUrl}/forening/log-ind"),
                "Var det ikke dig, kan du se bort fra denne mail.")));
        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    public async Task ResetPasswordAsync(CampaignUser user, CancellationToken ct)
    {
        var code = await users.GeneratePasswordResetTokenAsync(user);
        outbox.Enqueue(new OutgoingMail(
            $"nulstil:{user.Id}:{clock.GetUtcNow():yyyyMMddHHmmss}",
            user.Email!, user.DisplayName, "Nulstil din adgangskode",
            MailTemplate.Render(
                $"Hej {user.DisplayName}",
                ["Du har bedt om at nulstille din adgangskode til Tal om ensomhed. Klik på knappen, og vælg en ny. Linket virker i to dage."],
                ("Vælg ny adgangskode", $"{BaseUrl}/forening/ny-adgangskode?bruger={user.Id}&kode={Uri.EscapeDataString(code)}"),
                "Har du ikke bedt om det, kan du se bort fra mailen. Din adgangskode er ikke ændret.")));
        ct.ThrowIfCancellationRequested();
    }

    public async Task InviteAsync(CampaignUser invited, Association association, string invitedBy, CancellationToken ct)
    {
        var code = await users.GeneratePasswordResetTokenAsync(invited);
        outbox.Enqueue(new OutgoingMail(
            $"invitation:{invited.Id}:{clock.GetUtcNow():yyyyMMddHHmmss}",
            invited.Email!, invited.DisplayName, $"Du er inviteret til {association.Name}",
            MailTemplate.Render(
                $"Hej {invited.DisplayName}",
                [$"{invitedBy} har inviteret dig til at lægge arrangementer i kalenderen for {association.Name} på Tal om ensomhed.",
                 "Klik på knappen for at vælge en adgangskode. Linket virker i to dage."],
                ("Tag imod invitationen", $"{BaseUrl}/forening/ny-adgangskode?bruger={invited.Id}&kode={Uri.EscapeDataString(code)}&invitation=1"),
                "Kender du ikke foreningen, kan du se bort fra mailen.")));
    }

    public void Sent() => outbox.Signal();
}
