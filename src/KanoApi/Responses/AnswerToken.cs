using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KanoApi.Responses;

/// <summary>
/// One field of a submitted answer (feature, functional, dysfunctional, importance, satisfaction, expectation, perception) as the reader met it:
/// a string, a number, or the kind of anything else. A batch holds up to 200 × 200 of them, so a scalar is read as a
/// plain token, without the document a <see cref="JsonElement"/> would make for each value; it answers the same questions
/// (<see cref="ValueKind"/>, <see cref="GetString"/>, <see cref="TryGetInt64"/>, <see cref="TryGetInt32"/>), so every
/// wrong type still gets its field-path error. An object or an array is read as a <see cref="JsonElement"/> with the
/// request's options, so the strict-JSON checks (a property named twice, at any depth) still apply inside it.
/// </summary>
[JsonConverter(typeof(Converter))]
public readonly struct AnswerToken
{
    /// <summary>A string's value; a number's or an object's raw JSON when it is not a 64-bit integer.</summary>
    private readonly string? text;
    private readonly long integer;
    private readonly bool isInteger;

    private AnswerToken(JsonValueKind kind, string? text, long integer = 0, bool isInteger = false)
    {
        ValueKind = kind;
        this.text = text;
        this.integer = integer;
        this.isInteger = isInteger;
    }

    /// <summary>The value's kind; <see cref="JsonValueKind.Undefined"/> for a default (absent) token.</summary>
    public JsonValueKind ValueKind { get; }

    /// <summary>A string token; for null, a JSON null.</summary>
    public static AnswerToken Of(string? value) => value is null ? new(JsonValueKind.Null, null) : new(JsonValueKind.String, value);

    public static AnswerToken Of(long value) => new(JsonValueKind.Number, null, value, isInteger: true);

    public string? GetString() => ValueKind == JsonValueKind.String ? text : throw new InvalidOperationException($"A {ValueKind} is not a string.");

    /// <summary>True for a number written as an integer that fits 64 bits (as <see cref="JsonElement.TryGetInt64"/>).</summary>
    public bool TryGetInt64(out long value)
    {
        value = isInteger ? integer : 0;
        return isInteger;
    }

    /// <summary>True for a number written as an integer that fits 32 bits (as <see cref="JsonElement.TryGetInt32"/>).</summary>
    public bool TryGetInt32(out int value)
    {
        var fits = isInteger && integer is >= int.MinValue and <= int.MaxValue;
        value = fits ? (int)integer : 0;
        return fits;
    }

    internal sealed class Converter : JsonConverter<AnswerToken>
    {
        public override AnswerToken Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.String => Of(reader.GetString()),
                JsonTokenType.Number when reader.TryGetInt64(out var integer) => Of(integer),
                JsonTokenType.Number => new(JsonValueKind.Number, Raw(ref reader)),
                JsonTokenType.True => new(JsonValueKind.True, null),
                JsonTokenType.False => new(JsonValueKind.False, null),
                JsonTokenType.Null => new(JsonValueKind.Null, null),
                _ => Structured(ref reader, options),
            };

        public override void Write(Utf8JsonWriter writer, AnswerToken value, JsonSerializerOptions options)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    writer.WriteStringValue(value.text);
                    break;
                case JsonValueKind.Number when value.isInteger:
                    writer.WriteNumberValue(value.integer);
                    break;
                case JsonValueKind.Number or JsonValueKind.Object or JsonValueKind.Array:
                    writer.WriteRawValue(value.text!, skipInputValidation: true);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    writer.WriteBooleanValue(value.ValueKind == JsonValueKind.True);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        private static string Raw(ref Utf8JsonReader reader) =>
            reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan);

        private static AnswerToken Structured(ref Utf8JsonReader reader, JsonSerializerOptions options)
        {
            try
            {
                var element = JsonSerializer.Deserialize<JsonElement>(ref reader, options);
                return new(element.ValueKind, element.GetRawText());
            }
            catch (JsonException inner) when (inner.Path is not null)
            {
                // The nested call's path starts at this value; without one, the body's reader gives it the value's path
                // in the body, as it did when the field was a JsonElement.
                throw new JsonException(inner.Message, inner);
            }
        }
    }
}
