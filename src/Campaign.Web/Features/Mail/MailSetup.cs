using Campaign.Web.Features.Mail;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the Setup namespace with the other Add* methods, so Program.cs needs no extra using.
namespace Campaign.Web.Setup;

public static class MailSetup
{
    /// <summary>The outbox features write to, the worker that sends it over SMTP (MailKit, pooled connections), and its health check.</summary>
    public static void AddMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<MailOptions>()
            .BindConfiguration(MailOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddScoped<Outbox>();
        builder.Services.TryAddSingleton<IMailSender, MailKitSender>();
        builder.Services.AddHostedService<OutboxWorker>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox");
    }
}
