using System.Text;

namespace Campaign.Web.Setup;

/// <summary>
/// Control characters in what people type: refused on the way in by every form, and stripped on the way out by the
/// writers (feeds, iCal, sitemap, mail headers), so data stored before the check, or by an import, never breaks them.
/// A CR/LF in a name ends up in a mail header; a U+0001 in a title makes an XML feed unreadable for everyone.
/// </summary>
public static class PlainText
{
    /// <summary>The one Danish message every form shows for a control character.</summary>
    public const string Message = "Feltet indeholder usynlige styretegn (det sker fx, når tekst kopieres fra et andet program). Skriv teksten igen uden dem.";

    public const string SingleLineMessage = "Feltet skal stå på én linje og må ikke indeholde usynlige styretegn.";

    /// <summary>
    /// True when the text holds a character no person means to type in a form: C0 and C1 controls, DEL, the Unicode
    /// line and paragraph separators, lone surrogates and noncharacters. Multi-line fields may hold line breaks and tabs.
    /// </summary>
    public static bool HasControlCharacters(string? value, bool multiLine = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (multiLine && c is '\n' or '\r' or '\t')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Danish message for the field, or null when it is fine.</summary>
    public static string? Check(string? value, bool multiLine = false) =>
        !HasControlCharacters(value, multiLine) ? null
        : multiLine ? Message
        : HasControlCharacters(value, multiLine: true) ? Message : SingleLineMessage;

    /// <summary>Only characters XML 1.0 allows (tab, line breaks and printable text); the rest is dropped.</summary>
    public static string ForXml(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? "";
        }

        StringBuilder? clean = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var ok = pair || (!char.IsSurrogate(c) && System.Xml.XmlConvert.IsXmlChar(c));
            if (!ok)
            {
                clean ??= new StringBuilder(value, 0, i, value.Length);
                continue;
            }

            clean?.Append(c);
            if (pair)
            {
                clean?.Append(value[i + 1]);
                i++;
            }
        }

        return clean?.ToString() ?? value;
    }

    /// <summary>One line without control characters (for mail headers and iCal text): breaks and controls become spaces.</summary>
    public static string SingleLine(string? value)
    {
        if (!HasControlCharacters(value))
        {
            return value ?? "";
        }

        var clean = new StringBuilder(value!.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                clean.Append(c).Append(value[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF')
            {
                clean.Append(' ');
            }
            else
            {
                clean.Append(c);
            }
        }

        return clean.ToString().Trim();
    }

    /// <summary>Multi-line text without control characters other than line breaks and tabs.</summary>
    public static string MultiLine(string? value)
    {
        if (!HasControlCharacters(value, multiLine: true))
        {
            return value ?? "";
        }

        return string.Join("\n", value!.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => SingleLine(line.Replace('\t', ' '))));
    }
}

/// <summary>
/// Binds every posted string as usual and adds <see cref="PlainText"/>'s Danish message to the field when it holds a
/// control character, so each form refuses them through its ordinary ModelState check. A property or parameter marked
/// <c>[DataType(DataType.MultilineText)]</c> (a textarea) may hold line breaks and tabs.
/// </summary>
public sealed class PlainTextModelBinderProvider : Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinderProvider
{
    public Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder? GetBinder(Microsoft.AspNetCore.Mvc.ModelBinding.ModelBinderProviderContext context)
    {
        if (context.Metadata.ModelType != typeof(string))
        {
            return null;
        }

        var logs = context.Services.GetRequiredService<ILoggerFactory>();
        var multiLine = context.Metadata.DataTypeName == nameof(System.ComponentModel.DataAnnotations.DataType.MultilineText);
        return new Binder(new Microsoft.AspNetCore.Mvc.ModelBinding.Binders.SimpleTypeModelBinder(typeof(string), logs), multiLine);
    }

    private sealed class Binder(Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder inner, bool multiLine) : Microsoft.AspNetCore.Mvc.ModelBinding.IModelBinder
    {
        public async Task BindModelAsync(Microsoft.AspNetCore.Mvc.ModelBinding.ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result.IsModelSet && bindingContext.Result.Model is string value && PlainText.Check(value, multiLine) is { } message)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, message);
            }
        }
    }
}
