using System.Security.Claims;
using System.Threading.RateLimiting;
using Campaign.Web.Data;
using Campaign.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Setup;

public static class AuthSetup
{
    public const string AssociationPolicy = "association-member";
    public const string StaffPolicy = "staff";

    /// <summary>Staff who may change what the public sees: publish, unpublish, schedule, move, copy, delete, send.</summary>
    public const string PublisherPolicy = "publisher";

    /// <summary>Staff who have signed in with a password but not yet set up their authenticator app.</summary>
    public const string StaffEnrolmentPolicy = "staff-enrolment";
    public const string AssociationClaim = "association";
    public const string AuthRateLimit = "auth";
    public const string SubmitRateLimit = "submit";

    /// <summary>
    /// ASP.NET Core Identity on our own database. Authorization is deny-by-default: every endpoint needs a signed-in
    /// user unless it says [AllowAnonymous]; public pages and feeds do.
    /// </summary>
    public static void AddCampaignAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<CampaignUser, IdentityRole<Guid>>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequiredUniqueChars = 5;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Tokens.AuthenticatorTokenProvider = AuthenticatorCodes.ProviderName;
                o.Tokens.PasswordResetTokenProvider = PasswordResetTokens.ProviderName;
            })
            .AddEntityFrameworkStores<CampaignDb>()
            .AddUserStore<CampaignUserStore>()
            .AddSignInManager<CampaignSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<AuthenticatorCodes>(AuthenticatorCodes.ProviderName)
            .AddTokenProvider<PasswordResetTokens>(PasswordResetTokens.ProviderName)
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<DanishIdentityErrors>()
            .AddClaimsPrincipalFactory<CampaignClaims>();
        builder.Services.AddScoped<SecurityLog>();

        // Confirmation and invitation links stay valid for two days; reset links for a few hours (PasswordResetTokens).
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(2));
        builder.Services.AddOptions<PasswordResetTokenOptions>();
        Sessions.Configure(builder.Services);

        var secure = !builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing");
        builder.Services.ConfigureApplicationCookie(o =>
        {
            // __Host- cookies must be Secure, which needs HTTPS; development and tests run on plain http://localhost.
            o.Cookie.Name = secure ? "__Host-campaign" : "campaign-auth";
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/forening/log-ind";
            o.LogoutPath = "/forening/log-ud";
            o.AccessDeniedPath = "/fejl/403";
            Sessions.LimitStaffSessions(o);
            o.Events.OnRedirectToLogin = context =>
            {
                var staffArea = context.Request.Path.StartsWithSegments("/redaktion");
                var login = staffArea ? "/redaktion/log-ind" : "/forening/log-ind";
                context.Response.Redirect($"{login}?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = secure ? "__Host-campaign-af" : "campaign-af";
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AssociationPolicy, p => p.RequireAuthenticatedUser().RequireClaim(AssociationClaim))
            // Two-factor sign-in is mandatory for staff: Identity marks such a sign-in with the claim amr=mfa.
            .AddPolicy(StaffPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Staff).RequireClaim("amr", "mfa"))
            .AddPolicy(StaffEnrolmentPolicy, p => p.RequireAuthenticatedUser().RequireRole(Roles.Staff))
            .AddPolicy(PublisherPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.IsPublisher()));

        // Only posts count: reading a form is free, sending it is what a bot repeats. Limits per IP for sign-in and
        // registration, per account (else IP) for submissions; "Abuse:*" lets tests raise them. Shared by all nodes with Redis.
        var authPermits = builder.Configuration.GetValue("Abuse:SignInPermitsPerMinute", 10);
        var submitPermits = builder.Configuration.GetValue("Abuse:SubmitPermitsPer10Minutes", 30);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AuthRateLimit, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : SharedRateLimits.FixedWindow(context, AuthRateLimit,
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown", authPermits, TimeSpan.FromMinutes(1)));
            o.AddPolicy(SubmitRateLimit, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : SharedRateLimits.FixedWindow(context, SubmitRateLimit,
                    context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    submitPermits, TimeSpan.FromMinutes(10)));
        });
    }

    /// <summary>The first administrator, from Admin:Email and Admin:Password, when both are set and no such user exists.</summary>
    public static async Task SeedFirstAdministratorAsync(this WebApplication app)
    {
        var email = app.Configuration["Admin:Email"];
        var password = app.Configuration["Admin:Password"];
        await using var scope = app.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.Staff)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<CampaignUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var admin = new CampaignUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            CreatedAt = DateTime.UtcNow,
        };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Admin:Password is not accepted for the first administrator: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, Roles.Administrator);
        app.Logger.LogInformation("Created the first administrator {Email}; they set up two-factor sign-in at first sign-in", email);
    }

    /// <summary>
    /// The one definition of a publisher (<see cref="PublisherPolicy"/>): an editor or administrator signed in with two
    /// factors. Moderators save drafts; an editor publishes them.
    /// </summary>
    public static bool IsPublisher(this ClaimsPrincipal user) =>
        user.HasClaim("amr", "mfa") && (user.IsInRole(Roles.Editor) || user.IsInRole(Roles.Administrator));

    public static void UseCampaignAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
    }
}

/// <summary>Adds the association a member belongs to, so authorization needs no database query.</summary>
public sealed class CampaignClaims(UserManager<CampaignUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CampaignUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CampaignUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("name", user.DisplayName));
        if (user.AssociationId is { } association)
        {
            identity.AddClaim(new Claim(AuthSetup.AssociationClaim, association.ToString()));
        }

        return identity;
    }
}
