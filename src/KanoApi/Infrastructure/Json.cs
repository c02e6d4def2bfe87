using System.Text.Json;
using System.Text.Json.Serialization;

namespace KanoApi.Infrastructure;

public static class Json
{
    /// <summary>camelCase fields, lower-case enum strings, no trailing commas or comments: one JSON dialect for the whole API.</summary>
    public static JsonSerializerOptions ConfigureKano(this JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        return options;
    }
}
