using System.Net;
using KanoApi.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KanoApi.Tests.Infrastructure;

/// <summary>
/// CSV uploads wait on disk before their transaction, each process in a folder of its own that it holds a lock file
/// in while it lives. What a killed process left there (respondents' answers) is removed at the next start-up and by
/// the periodic sweep; a live process's folder is never touched; a clean shutdown leaves nothing.
/// </summary>
public sealed class StagingFolderTests
{
    /// <summary>A staging folder as a process of this service leaves it: its lock file and a staged upload.</summary>
    private static string AProcessFolder(string root, string name)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.lock"), "");
        File.WriteAllText(Path.Combine(folder, "import-staged.csv"), "respondentId,wifi.functional\nr-1,like\n");
        return folder;
    }

    /// <summary>Holds a folder's lock file as its live owner does (an exclusive lock the system drops when the process dies).</summary>
    private static FileStream HoldLock(string folder) =>
        new(Path.Combine(folder, "owner.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);

    [SqliteFact]
    public void WhatAnEarlierVersionLeftStagedBesideTheDatabaseIsDeletedAtStartUp()
    {
        using var host = new KanoApiFactory();
        var staging = host.DatabasePath + ".staging";
        Directory.CreateDirectory(staging);
        var leftover = Path.Combine(staging, "import-left-by-a-kill.csv");
        File.WriteAllText(leftover, "respondentId\n");

        _ = host.Server;

        Assert.False(File.Exists(leftover));
    }

    [SqliteFact]
    public void AtStartUpTheFolderOfADeadProcessIsRemovedAndThatOfALiveOneIsKept()
    {
        using var host = new KanoApiFactory();
        var staging = host.DatabasePath + ".staging";
        var dead = AProcessFolder(staging, "1001-killed");
        var live = AProcessFolder(staging, "1002-running");
        using (HoldLock(live))
        {
            _ = host.Server;

            Assert.False(Directory.Exists(dead), "the killed process's staged answers are still on disk");
            Assert.True(File.Exists(Path.Combine(live, "import-staged.csv")), "a live process's upload was deleted under it");
        }
    }

    private sealed class QuickSweepHost : KanoApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["Kano:Staging:SweepIntervalSeconds"] = "1";
                return settings;
            }
        }
    }

    [SqliteFact]
    public async Task TheSweepRemovesTheFolderOfAProcessThatDiedWhileTheServiceRuns()
    {
        using var host = new QuickSweepHost();
        _ = host.Server;
        var dead = AProcessFolder(host.DatabasePath + ".staging", "1003-killed-later");

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (Directory.Exists(dead) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(Directory.Exists(dead), "the periodic sweep left a dead process's staged answers on disk");
    }

    /// <summary>A host whose database outlives it, so what its shutdown left can be looked at before the database goes.</summary>
    private sealed class HostOver(string path) : KanoApiFactory(path);

    [Fact]
    public async Task ACleanShutdownLeavesNoStagingFolderBehind()
    {
        var path = Path.Combine(Path.GetTempPath(), "kano-tests", $"{Guid.NewGuid():N}.db");
        string own;
        using (var host = new HostOver(path))
        {
            using var admin = host.CreateAdminClient();
            var surveyId = await Given.ASurveyWithFeatures(admin, ["wifi"]);
            var imported = await Given.CsvImport(admin, surveyId, "respondentId,wifi.functional,wifi.dysfunctional\nr-1,like,dislike\n");
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
            own = host.Services.GetRequiredService<Database>().StagingFolder;
            Assert.True(Directory.Exists(own), "the import was not staged where the service says it stages");
        }

        try
        {
            Assert.False(Directory.Exists(own), $"{own} is still there after the service stopped");
        }
        finally
        {
            KanoApiFactory.DeleteDatabase(path);
        }
    }
}
