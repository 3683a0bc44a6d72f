using Campaign.Web.Features.Mail;

namespace Campaign.Web.Features.Newsletter;

/// <summary>
/// The mails of signing up, queued in the outbox so they are committed with the signup that caused them. Every mail
/// to a subscriber carries <see cref="NewsletterHeaders"/> and an unsubscribe link in its footer.
/// </summary>
public sealed class NewsletterMails(Outbox outbox, NewsletterLinks links, NewsletterHeaders headers)
{
    /// <summary>Starts the idempotency key of every mail to a subscriber, so the cleanup and erasure can find them.</summary>
    public const string KeyPrefix = "nyhedsbrev-";

    /// <summary>The key of one newsletter issue to one subscriber: queued once, however often the dispatch runs.</summary>
    public static string IssueKey(Guid issueId, Guid subscriberId) => $"{KeyPrefix}udsendelse:{issueId:N}:{subscriberId:N}";

    /// <summary>Where issue mails start, so an unsubscribe can take back those not sent yet.</summary>
    public const string IssueKeyPrefix = KeyPrefix + "udsendelse:";

    public void Confirmation(Subscriber subscriber, DateTime now)
    {
        var greeting = subscriber.Name is { } name ? $"Hej {name}" : "Hej";
        Queue(subscriber, $"bekraeft:{subscriber.Id:N}:{now:yyyyMMddHHmmssfff}", "Bekræft din tilmelding til nyhedsbrevet",
            MailTemplate.Render(
                "Bekræft din tilmelding",
                [greeting,
                 $"Tak, fordi du vil have nyhedsbrevet fra Tal om ensomhed. Du har valgt: {Interests.Describe(subscriber.Interests, subscriber.MunicipalityCode)}.",
                 "Tryk på knappen for at bekræfte, at det er din e-mailadresse. Først når du har bekræftet, får du nyhedsbrevet. Linket virker i 7 dage."],
                ("Bekræft tilmelding", links.ConfirmUrl(subscriber, now)),
                $"Du får denne mail, fordi {subscriber.Email} er skrevet ind i tilmeldingen til nyhedsbrevet på Tal om ensomhed. " +
                "Var det ikke dig, skal du ikke gøre noget: uden bekræftelse sletter vi adressen efter 7 dage.\n" +
                $"Afmeld og slet adressen med det samme: {links.UnsubscribeUrl(subscriber)}"));
        subscriber.SignupMailQueued(now);
    }

    /// <summary>Someone signed up an address that is already subscribed: tell its owner, tell the visitor nothing.</summary>
    public void AlreadySubscribed(Subscriber subscriber, DateTime now)
    {
        Queue(subscriber, $"allerede:{subscriber.Id:N}:{now:yyyyMMddHHmmssfff}", "Du er allerede tilmeldt nyhedsbrevet",
            MailTemplate.Render(
                "Du er allerede tilmeldt",
                [$"Nogen – måske dig – har prøvet at tilmelde {subscriber.Email} til nyhedsbrevet fra Tal om ensomhed. Adressen er allerede tilmeldt, så der er ikke ændret noget.",
                 $"Du får nyt om: {Interests.Describe(subscriber.Interests, subscriber.MunicipalityCode)}.",
                 "På din egen side kan du vælge andre emner, skifte kommune, se dit samtykke og afmelde dig."],
                ("Se og ret din tilmelding", links.ManageUrl(subscriber)),
                $"Var det ikke dig, kan du se bort fra mailen.\nAfmeld nyhedsbrevet: {links.UnsubscribeUrl(subscriber)}"));
        subscriber.SignupMailQueued(now);
    }

    /// <summary>Wakes the outbox worker; call it after committing an explicit transaction that queued mail.</summary>
    public void Sent() => outbox.Signal();

    private void Queue(Subscriber subscriber, string key, string subject, MailContent body) =>
        outbox.Enqueue(new OutgoingMail(KeyPrefix + key, subscriber.Email, subscriber.Name, subject, body) { Headers = headers.For(subscriber) });
}
