using System.Text.Json;

namespace KanoApi.Tests.Infrastructure;

/// <summary>
/// A response part the service sometimes sends as null is a reference to another schema; the document must say it may
/// be null (allOf + nullable), or a generated client types it as always present.
/// </summary>
public sealed class NullableReferencesTests(KanoApiFactory factory) : IClassFixture<KanoApiFactory>
{
    [Theory]
    [InlineData("AnalysisResponse", "serviceQuality")]
    [InlineData("BacklogItemResponse", "serviceQuality")]
    [InlineData("FeatureAnalysisResponse", "settle")]
    [InlineData("FeatureGapResponse", "interval")]
    [InlineData("QuestionnaireDefinition", "importance")]
    [InlineData("QuestionnaireFeature", "serviceQuality")]
    public async Task AReferenceTheContractDeclaresNullableIsNullableInTheDocument(string schemaName, string property)
    {
        var schema = (await Schemas()).GetProperty(schemaName).GetProperty("properties").GetProperty(property);

        Assert.True(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean(), schema.ToString());
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Single(schema.GetProperty("allOf").EnumerateArray());
    }

    [Fact]
    public async Task AReferenceTheContractDeclaresNeverNullStaysABareReference()
    {
        var schema = (await Schemas()).GetProperty("AnalysisResponse").GetProperty("properties").GetProperty("features");
        var items = schema.GetProperty("items");

        Assert.False(schema.TryGetProperty("nullable", out _));
        Assert.True(items.TryGetProperty("$ref", out _), items.ToString());
    }

    private async Task<JsonElement> Schemas()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"));
        return document.RootElement.GetProperty("components").GetProperty("schemas").Clone();
    }
}
