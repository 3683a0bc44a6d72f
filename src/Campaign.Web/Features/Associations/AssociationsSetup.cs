namespace Campaign.Web.Features.Associations;

public static class AssociationsSetup
{
    public static void AddAssociations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountMails>();
        builder.Services.AddScoped<EventMails>();
    }
}
