using Campaign.Web.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Campaign.Web.Setup;

public static class DataProtectionSetup
{
    /// <summary>Data protection signs cookies, antiforgery tokens, form stamps and mailed links; every node must share it.</summary>
    public const string ApplicationName = "talomensomhed";

    /// <summary>
    /// One key ring for all nodes, in the database they already share, so a form from one node posts on another and a
    /// redeploy signs nobody out. The fixed application name keeps payloads readable when nodes run from different folders
    /// (by default the content root path is part of every purpose). Keys stay in the database also when Redis is
    /// configured: Redis here is a cache that may be emptied or go away (see docs/design/topology.md).
    /// </summary>
    public static void AddCampaignDataProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var certificate = options.LoadCertificate(builder.Environment.ContentRootPath);
        builder.Services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section);

        var protection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<CampaignDb>();
        if (certificate is not null)
        {
            // Also registered for reading, so keys written under this certificate decrypt without a machine certificate store.
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
    }
}
