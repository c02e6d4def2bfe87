using Kano.Analysis;
using Kano.Analysis.ServiceQuality;

namespace Kano.Analysis.Tests.ServiceQuality;

public sealed class ServiceDimensionTests
{
    [Fact]
    public void Every_dimension_reads_back_from_its_wire_name_whatever_the_case()
    {
        foreach (var dimension in ServiceDimensions.All)
        {
            Assert.True(ServiceDimensions.TryParse(" " + ServiceDimensions.Name(dimension).ToUpperInvariant() + " ", out var read));
            Assert.Equal(dimension, read);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("quality")]
    [InlineData("0")]
    public void A_name_that_is_no_dimension_is_not_read(string? text) =>
        Assert.False(ServiceDimensions.TryParse(text, out _));

    [Fact]
    public void The_vietnamese_labels_are_the_source_articles_names() =>
        Assert.Equal(
            ["Sự tin cậy", "Sự đáp ứng", "Sự đảm bảo", "Sự đồng cảm", "Phương tiện hữu hình"],
            ServiceDimensions.All.Select(d => ServiceDimensions.Label(d, Language.Vietnamese)));

    [Fact]
    public void Every_dimension_has_a_definition_in_each_language_that_differs_from_its_label()
    {
        foreach (var dimension in ServiceDimensions.All)
        {
            foreach (var language in new[] { Language.English, Language.Vietnamese })
            {
                Assert.NotEqual(ServiceDimensions.Label(dimension, language), ServiceDimensions.Definition(dimension, language));
            }
        }
    }
}
