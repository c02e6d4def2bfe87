using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace KanoApi.Infrastructure;

public static class Json
{
    /// <summary>camelCase fields, lower-case enum strings, no trailing commas or comments: one JSON dialect for the whole API.</summary>
    public static JsonSerializerOptions ConfigureKano(this JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Vietnamese (and every other script) as readable UTF-8 rather than \u escapes; HTML-sensitive characters stay escaped.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        // {"name":"a","name":"b"} is refused (400 naming the property), not read as "b": two readers of one body (a
        // proxy, a validator, this service) must never see different values.
        options.AllowDuplicateProperties = false;
        return options;
    }
}
