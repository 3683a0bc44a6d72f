using System.Globalization;
using System.Text;
using System.Xml;
using Campaign.Web.Setup;

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
        using (var writer = new CleanTextWriter(XmlWriter.Create(text, new XmlWriterSettings { Indent = true })))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        // A StringBuilder makes the declaration say utf-16; the response is UTF-8.
        return TypedResults.Text(text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), contentType, Encoding.UTF8);
    }
}

/// <summary>
/// Passes everything to the inner writer, but drops from text and attribute values the characters XML cannot hold,
/// so one stored title with a control character never makes a feed or the sitemap fail for everyone.
/// </summary>
internal sealed class CleanTextWriter(XmlWriter inner) : XmlWriter
{
    public override WriteState WriteState => inner.WriteState;
    public override void Flush() => inner.Flush();
    public override string? LookupPrefix(string ns) => inner.LookupPrefix(ns);
    public override void WriteBase64(byte[] buffer, int index, int count) => inner.WriteBase64(buffer, index, count);
    public override void WriteCData(string? text) => inner.WriteCData(PlainText.ForXml(text));
    public override void WriteCharEntity(char ch) => inner.WriteString(PlainText.ForXml(ch.ToString()));
    public override void WriteChars(char[] buffer, int index, int count) => inner.WriteString(PlainText.ForXml(new string(buffer, index, count)));
    public override void WriteComment(string? text) => inner.WriteComment(PlainText.ForXml(text));
    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => inner.WriteDocType(name, pubid, sysid, subset);
    public override void WriteEndAttribute() => inner.WriteEndAttribute();
    public override void WriteEndDocument() => inner.WriteEndDocument();
    public override void WriteEndElement() => inner.WriteEndElement();
    public override void WriteEntityRef(string name) => inner.WriteEntityRef(name);
    public override void WriteFullEndElement() => inner.WriteFullEndElement();
    public override void WriteProcessingInstruction(string name, string? text) => inner.WriteProcessingInstruction(name, text);
    public override void WriteRaw(char[] buffer, int index, int count) => inner.WriteRaw(PlainText.ForXml(new string(buffer, index, count)));
    public override void WriteRaw(string data) => inner.WriteRaw(PlainText.ForXml(data));
    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => inner.WriteStartAttribute(prefix, localName, ns);
    public override void WriteStartDocument() => inner.WriteStartDocument();
    public override void WriteStartDocument(bool standalone) => inner.WriteStartDocument(standalone);
    public override void WriteStartElement(string? prefix, string localName, string? ns) => inner.WriteStartElement(prefix, localName, ns);
    public override void WriteString(string? text) => inner.WriteString(PlainText.ForXml(text));
    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => inner.WriteSurrogateCharEntity(lowChar, highChar);
    public override void WriteWhitespace(string? ws) => inner.WriteWhitespace(ws);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
