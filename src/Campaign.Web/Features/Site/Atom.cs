using System.Globalization;
using System.Text;
using System.Xml;

namespace Campaign.Web.Features.Site;

/// <summary>The small part of writing Atom (RFC 4287) and other XML that the news and event feeds share.</summary>
public static class Atom
{
    public const string Namespace = "http://www.w3.org/2005/Atom";

    public static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static void Link(XmlWriter writer, string href, string rel)
    {
        writer.WriteStartElement("link", Namespace);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    /// <summary>An XML document as a UTF-8 response.</summary>
    public static IResult Xml(Action<XmlWriter> write, string contentType)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Indent = true }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        // A StringBuilder makes the declaration say utf-16; the response is UTF-8.
        return TypedResults.Text(text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), contentType, Encoding.UTF8);
    }
}
