using System.Globalization;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;

namespace KanoApi.Tests.Localization;

/// <summary>
/// A third language made of nothing but resource files: every English text of every set, bracketed and with each
/// letter swapped for an accented one ("Submit" → "[Šûƀɱîţ]"), compiled into the satellite assemblies .NET reads a
/// culture's .resx from (&lt;culture&gt;/KanoApi.resources.dll beside KanoApi.dll, the same for Kano.Analysis), exactly
/// what the build makes of a KanoTexts.&lt;culture&gt;.resx. Nothing in the service's code knows this language.
/// </summary>
public static partial class PseudoLocale
{
    /// <summary>The pseudo-locale tag as .NET writes it (ICU capitalises the script-like subtag).</summary>
    public const string Code = "qps-Ploc";

    private static readonly Lazy<bool> Written = new(Write);

    /// <summary>Writes the satellite assemblies once per test run (before any text is looked up in this culture).</summary>
    public static void EnsureWritten() => _ = Written.Value;

    /// <summary>The pseudo text of an English one: letters accented, composite-format places such as {1:0.0} kept, brackets around.</summary>
    public static string Of(string english) =>
        "[" + string.Concat(PlacePattern().Split(english).Select(part => PlacePattern().IsMatch(part) ? part : string.Concat(part.Select(Accented)))) + "]";

    private static char Accented(char c)
    {
        const string plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const string accented = "åƀçðéƒĝĥîĵķļɱñöþʠŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";
        var at = plain.IndexOf(c, StringComparison.Ordinal);
        return at < 0 ? c : accented[at];
    }

    private static bool Write()
    {
        foreach (var group in ResourceSets.All.GroupBy(set => set.Assembly))
        {
            var resources = group.Select(set =>
            {
                var data = new MemoryStream();
                using (var writer = new ResourceWriter(data))
                {
                    foreach (var (key, text) in ResourceSets.Texts(group.Key, set.BaseName, CultureInfo.InvariantCulture))
                    {
                        writer.AddResource(key, Of(text));
                    }
                }

                return ($"{set.BaseName}.{Code}.resources", data.ToArray());
            }).ToArray();

            var name = group.Key.GetName();
            var folder = Path.Combine(Path.GetDirectoryName(group.Key.Location)!, Code);
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, $"{name.Name}.resources.dll"), SatelliteAssembly(name.Name!, name.Version!, resources));
        }

        return true;
    }

    /// <summary>A resource-only assembly "&lt;name&gt;.resources" of culture <see cref="Code"/>, as the build makes for each .resx culture.</summary>
    private static byte[] SatelliteAssembly(string name, Version version, IReadOnlyList<(string Name, byte[] Data)> resources)
    {
        var metadata = new MetadataBuilder();
        metadata.AddModule(0, metadata.GetOrAddString($"{name}.resources.dll"), metadata.GetOrAddGuid(Guid.NewGuid()), default, default);
        metadata.AddAssembly(metadata.GetOrAddString($"{name}.resources"), version, metadata.GetOrAddString(Code), default, 0, AssemblyHashAlgorithm.Sha1);
        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        var data = new BlobBuilder();
        foreach (var (resourceName, bytes) in resources)
        {
            metadata.AddManifestResource(ManifestResourceAttributes.Public, metadata.GetOrAddString(resourceName), default, (uint)data.Count);
            data.WriteInt32(bytes.Length);
            data.WriteBytes(bytes);
            data.Align(8);
        }

        var image = new BlobBuilder();
        new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(metadata), new BlobBuilder(), managedResources: data)
            .Serialize(image);
        return image.ToArray();
    }

    [GeneratedRegex(@"(\{\d+(?::[^}]*)?\})")]
    private static partial Regex PlacePattern();
}
