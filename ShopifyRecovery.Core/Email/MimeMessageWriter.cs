using System.Globalization;
using System.Text;

namespace ShopifyRecovery.Email;

/// <summary>
/// Writes an <see cref="EmailMessage"/> as an RFC 5322 message: multipart/alternative with a text and an HTML part,
/// quoted-printable UTF-8 bodies (readable in an editor), RFC 2047 encoded headers where they are not ASCII.
/// </summary>
static class MimeMessageWriter
{
    public const string CustomArgHeaderPrefix = "X-Custom-Arg-";

    public static string Write(EmailMessage message, DateTimeOffset date)
    {
        var domain = message.FromEmail[(message.FromEmail.LastIndexOf('@') + 1)..];
        var boundary = "=_sr_" + Token(message.IdempotencyKey);
        var builder = new StringBuilder();

        void Header(string name, string value) => builder.Append(name).Append(": ").Append(value).Append("\r\n");

        Header("From", Mailbox(message.FromName, message.FromEmail));
        Header("To", Clean(message.To));
        if (!string.IsNullOrWhiteSpace(message.ReplyTo))
            Header("Reply-To", Clean(message.ReplyTo));
        Header("Subject", EncodeText(message.Subject));
        Header("Date", date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        Header("Message-ID", $"<{Token(message.IdempotencyKey)}@{Clean(domain)}>");
        Header("MIME-Version", "1.0");
        foreach (var (name, value) in message.Headers)
            Header(HeaderName(name), EncodeText(value));
        foreach (var (name, value) in message.CustomArgs)
            Header(CustomArgHeaderPrefix + HeaderName(name), EncodeText(value));
        Header("Content-Type", $"multipart/alternative;\r\n boundary=\"{boundary}\"");
        builder.Append("\r\n");

        foreach (var (type, body) in new[] { ("text/plain", message.Text), ("text/html", message.Html) })
        {
            builder.Append("--").Append(boundary).Append("\r\n");
            Header("Content-Type", $"{type}; charset=utf-8");
            Header("Content-Transfer-Encoding", "quoted-printable");
            builder.Append("\r\n").Append(QuotedPrintable(body)).Append("\r\n");
        }
        builder.Append("--").Append(boundary).Append("--\r\n");
        return builder.ToString();
    }

    /// <summary>Letters, digits, '-', '_' and '.' only: safe in a file name, a boundary and a Message-ID.</summary>
    public static string Token(string value)
    {
        var clean = new string(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return clean.Length == 0 ? "message" : clean[..Math.Min(clean.Length, 120)];
    }

    static string HeaderName(string name) => new(name.Where(c => c > ' ' && c < 127 && c != ':').ToArray());

    // A line break inside a header value would start a new header (header injection).
    static string Clean(string value) => value.Replace("\r", " ").Replace("\n", " ").Trim();

    static string Mailbox(string name, string address)
    {
        name = Clean(name);
        if (name.Length == 0)
            return Clean(address);
        var display = name.All(c => c is >= ' ' and < (char)127)
            ? "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
            : EncodeText(name);
        return $"{display} <{Clean(address)}>";
    }

    /// <summary>ASCII stays as it is; anything else becomes RFC 2047 encoded words, folded so no line passes 78 characters.</summary>
    static string EncodeText(string value)
    {
        value = Clean(value);
        if (value.All(c => c is >= ' ' and < (char)127))
            return value;
        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(chunk.ToString()) + rune.Utf8SequenceLength > 39)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }
            chunk.Append(rune.ToString());
        }
        if (chunk.Length > 0)
            words.Add(Word(chunk.ToString()));
        return string.Join("\r\n ", words);

        static string Word(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";
    }

    static string QuotedPrintable(string text)
    {
        var output = new StringBuilder();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (var l = 0; l < lines.Length; l++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[l]);
            var lineLength = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var last = i == bytes.Length - 1;
                var literal = b is >= 33 and <= 126 and not (byte)'=' || (b is (byte)' ' or (byte)'\t' && !last);
                var piece = literal ? ((char)b).ToString() : "=" + b.ToString("X2", CultureInfo.InvariantCulture);
                if (lineLength + piece.Length > 75)
                {
                    output.Append("=\r\n");
                    lineLength = 0;
                }
                output.Append(piece);
                lineLength += piece.Length;
            }
            if (l < lines.Length - 1)
                output.Append("\r\n");
        }
        return output.ToString();
    }
}
