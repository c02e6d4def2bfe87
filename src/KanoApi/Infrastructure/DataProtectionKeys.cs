using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace KanoApi.Infrastructure;

/// <summary>
/// ASP.NET Core's data protection (it signs the hosted form's antiforgery token and cookie) with its key ring in the
/// service's database (table <c>data_protection_keys</c>, migration 0022) under one application name: every instance
/// on the database reads the same keys, so a form rendered by one instance and posted to another is accepted, and a
/// restart keeps the keys. By default the ring lives in each process's home folder, which no two containers share
/// (docs/decisions/0014).
/// </summary>
public static class DataProtectionKeys
{
    /// <summary>Part of every protected payload's purpose: instances must agree on it (the default is the install path).</summary>
    public const string ApplicationName = "KanoApi";

    public static IServiceCollection AddKanoDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<Database>((options, database) => options.XmlRepository = new DatabaseKeyRing(database));
        return services;
    }

    /// <summary>
    /// Makes the first key if the ring has none. Called under the start-up lock: instances starting together on an empty
    /// ring would otherwise each make a key of their own and, caching their ring for hours, reject each other's tokens.
    /// </summary>
    public static void EnsureDataProtectionKey(this IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("KanoApi.StartUp").Protect("the key ring has a key");
}

/// <summary>The key ring's storage: the XML elements the key manager writes, as rows of <c>data_protection_keys</c>.</summary>
public sealed class DatabaseKeyRing(Database database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        connection.Execute(
            """
            INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @createdAt)
            ON CONFLICT (name) DO UPDATE SET xml = excluded.xml
            """,
            new
            {
                // The manager names keys "key-<id>"; a name is only a hint, so one it leaves out is made unique here.
                name = string.IsNullOrWhiteSpace(friendlyName) ? $"element-{Guid.NewGuid():N}" : friendlyName,
                xml = element.ToString(SaveOptions.DisableFormatting),
                createdAt = Clock.Now(),
            });
    }
}
