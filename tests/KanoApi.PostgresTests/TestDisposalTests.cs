using System.Reflection;

namespace KanoApi.PostgresTests;

/// <summary>
/// The test classes here start real KanoApi processes and end them when they are disposed. xUnit v2 calls
/// <see cref="IDisposable.Dispose"/> and <see cref="IAsyncLifetime.DisposeAsync"/> on a test class, but never
/// <see cref="IAsyncDisposable.DisposeAsync"/>: a class that only implements that leaves its processes running after
/// the run, adopted by pid 1 (which is how orphaned KanoApi.dll processes piled up).
/// </summary>
public sealed class TestDisposalTests
{
    [Fact]
    public void EveryTestClassThatDisposesAsynchronouslyDoesSoThroughAnInterfaceXunitCalls()
    {
        var testClasses = typeof(TestDisposalTests).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FactAttribute>() is not null));

        var forgotten = testClasses
            .Where(type => typeof(IAsyncDisposable).IsAssignableFrom(type)
                && !typeof(IAsyncLifetime).IsAssignableFrom(type)
                && !typeof(IDisposable).IsAssignableFrom(type))
            .Select(type => type.Name);

        Assert.Empty(forgotten);
    }
}
