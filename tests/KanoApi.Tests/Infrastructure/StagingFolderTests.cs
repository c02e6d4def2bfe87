namespace KanoApi.Tests.Infrastructure;

public sealed class StagingFolderTests
{
    [SqliteFact]
    public void WhatAKilledProcessLeftStagedIsDeletedAtStartUp()
    {
        using var host = new KanoApiFactory();
        var staging = host.DatabasePath + ".staging";
        Directory.CreateDirectory(staging);
        var leftover = Path.Combine(staging, "import-left-by-a-kill.csv");
        File.WriteAllText(leftover, "respondentId\n");

        _ = host.Server;

        Assert.False(File.Exists(leftover));
    }
}
