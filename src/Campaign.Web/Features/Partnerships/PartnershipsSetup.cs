namespace Campaign.Web.Features.Partnerships;

public static class PartnershipsSetup
{
    /// <summary>Local partnerships: the pages are content (Content/Templates); this adds what joining one needs.</summary>
    public static void AddPartnerships(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PartnershipMails>();
        builder.Services.AddScoped<JoinDecisions>();
    }
}
