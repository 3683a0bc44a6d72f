using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Campaign.Web.Shared;

/// <summary>
/// Every message the framework itself can put in a form's error summary, in Danish: model binding ("The value 'x'
/// is not valid") and DataAnnotations, including the [Required] that MVC adds by itself to every non-nullable string.
/// A page's own messages stay as they are; these only replace the English defaults.
/// </summary>
public static class DanishValidation
{
    public static IMvcBuilder AddDanishValidationMessages(this IMvcBuilder mvc) => mvc.AddMvcOptions(options =>
    {
        var messages = options.ModelBindingMessageProvider;
        messages.SetMissingBindRequiredValueAccessor(_ => "Der mangler en værdi.");
        messages.SetMissingKeyOrValueAccessor(() => "Der mangler en værdi.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "Formularen var tom. Udfyld den, og prøv igen.");
        messages.SetValueMustNotBeNullAccessor(_ => "Feltet skal udfyldes.");
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => $"\"{Clip(value)}\" er ikke en gyldig værdi her.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"\"{Clip(value)}\" er ikke en gyldig værdi her.");
        messages.SetUnknownValueIsInvalidAccessor(_ => "Værdien er ikke gyldig.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Værdien er ikke gyldig.");
        messages.SetValueIsInvalidAccessor(value => $"\"{Clip(value)}\" er ikke en gyldig værdi her.");
        messages.SetValueMustBeANumberAccessor(_ => "Skriv et tal.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Skriv et tal.");

        // Added after the DataAnnotations provider (registered by AddRazorPages), so the implicit [Required] is already there.
        options.ModelMetadataDetailsProviders.Add(new DanishAttributeMessages());
    });

    private static string Clip(string? value) => value is null ? "" : value.Length > 40 ? value[..40] + "…" : value;

    /// <summary>Gives each validation attribute without a message of its own a Danish one.</summary>
    private sealed class DanishAttributeMessages : IValidationMetadataProvider
    {
        public void CreateValidationMetadata(ValidationMetadataProviderContext context)
        {
            // A property's own name is English (Form.Date), so only a Danish [Display] name is put into a message.
            var named = context.Attributes.OfType<DisplayAttribute>().Any(d => d.Name is not null)
                || context.Attributes.OfType<DisplayNameAttribute>().Any();
            foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
            {
                if (attribute.ErrorMessage is null && attribute.ErrorMessageResourceType is null && attribute.ErrorMessageResourceName is null)
                {
                    attribute.ErrorMessage = Message(attribute, named);
                }
            }
        }

        internal static string Message(ValidationAttribute attribute, bool named) => attribute switch
        {
            RequiredAttribute => named ? "{0} skal udfyldes." : "Feltet skal udfyldes.",
            StringLengthAttribute { MinimumLength: > 0 } => named ? "{0} skal være mellem {2} og {1} tegn." : "Skriv mellem {2} og {1} tegn.",
            StringLengthAttribute or MaxLengthAttribute => named ? "{0} må højst være {1} tegn." : "Skriv højst {1} tegn.",
            MinLengthAttribute => named ? "{0} skal være mindst {1} tegn." : "Skriv mindst {1} tegn.",
            RangeAttribute => named ? "{0} skal være mellem {1} og {2}." : "Skriv en værdi mellem {1} og {2}.",
            EmailAddressAttribute => "Skriv en gyldig e-mailadresse, fx navn@example.dk.",
            PhoneAttribute => "Skriv et gyldigt telefonnummer.",
            UrlAttribute => "Skriv en gyldig webadresse, der begynder med https://.",
            CompareAttribute => named ? "{0} og {1} er ikke ens." : "De to felter er ikke ens.",
            RegularExpressionAttribute => named ? "{0} har ikke den rigtige form." : "Feltet har ikke den rigtige form.",
            _ => named ? "{0} er ikke udfyldt rigtigt." : "Feltet er ikke udfyldt rigtigt.",
        };
    }
}
