using KanoApi.Analysis;
using KanoApi.Audiences;
using KanoApi.Backlog;
using KanoApi.Demo;
using KanoApi.Infrastructure;
using KanoApi.Features;
using KanoApi.Forms;
using KanoApi.Keys;
using KanoApi.Links;
using KanoApi.Pages;
using KanoApi.Questionnaire;
using KanoApi.Reports;
using KanoApi.RespondentQuality;
using KanoApi.Responses;
using KanoApi.Responses.Import;
using KanoApi.ServiceQuality;
using KanoApi.Surveys;
using KanoApi.Webhooks;
using KanoApi.Wordings;
using KanoApi.Workspaces;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(_ => new Database(
    StorageProvider.FromName(builder.Configuration["Kano:Database:Provider"]),
    builder.Configuration.GetConnectionString("Kano") ?? "Data Source=data/kano.db"));
builder.Services.AddSingleton<Migrations>();
builder.Services.AddSingleton<WorkspaceBootstrap>();
builder.Services.AddSingleton<DemoSeeder>();
builder.Services.AddKanoProblemDetails();
builder.Services.AddKanoAuthorization();
builder.Services.AddKanoForwardedHeaders(builder.Configuration);
builder.Services.AddKanoRateLimiting(builder.Configuration);
builder.Services.AddKanoLimits(builder.Configuration);
builder.Services.AddKanoCors(builder.Configuration);
builder.Services.AddKanoHealthChecks();
builder.Services.AddKanoTelemetry(builder.Configuration);
builder.Services.AddKanoOpenApi();
builder.Services.AddKanoMapping();
builder.Services.AddSingleton<RepresentationCache>();
builder.Services.AddSingleton<SurveyHeads>();
builder.Services.AddSingleton<PeerNotices>();
builder.Services.AddHostedService(services => services.GetRequiredService<PeerNotices>());
builder.Services.AddKanoHeavyReads(builder.Configuration);
builder.Services.AddHostedService<IdempotencySweep>();
builder.Services.AddHostedService<StagingSweep>();
builder.Services.AddKanoLanguages(builder.Configuration);
builder.Services.AddKanoPages();
builder.Services.AddKanoDataProtection();
builder.Services.AddKanoWebhooks(builder.Configuration);
builder.Services.AddKanoForms();
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.ConfigureKano());

var app = builder.Build();

app.Services.GetRequiredService<Database>().WaitUntilReachable(
    TimeSpan.FromSeconds(builder.Configuration.GetValue("Kano:Database:StartupTimeoutSeconds", 60)),
    app.Services.GetRequiredService<ILogger<Database>>());
app.Services.GetRequiredService<Database>().EnableWriteAheadLog();
app.Services.GetRequiredService<Database>().Staging.ClaimAndSweep(app.Services.GetRequiredService<ILogger<StagingArea>>());
using (app.Services.GetRequiredService<Database>().HoldStartupLock())
{
    app.Services.GetRequiredService<Migrations>().Apply();
    app.Services.EnsureDataProtectionKey();
    app.Services.GetRequiredService<WorkspaceBootstrap>().EnsureWorkspace();
    app.Services.GetRequiredService<DemoSeeder>().SeedOnce();
}

app.UseKanoForwardedHeaders();
app.UseSecurityHeaders();
app.UseKanoLanguages();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseKanoOpenApi();
app.UseRouting();
app.UseSurveyHeadsForgottenOnWrites();
app.UseCors();
app.UseRequestBodyLimits();
app.UseUnknownRoutesAsNotFound();
app.UseAuthentication();
app.UseRateLimiter();
app.UseRequestCosts();
app.UseMethodNotAllowedForEveryKey();
app.UseAuthorization();

app.MapKanoHealthChecks();
app.MapWorkspaces();
app.MapKeys();
app.MapSurveys();
app.MapFeatures();
app.MapWordings();
app.MapResponses();
app.MapImportMappings();
app.MapAnalysis();
app.MapBacklog();
app.MapServiceQuality();
app.MapAudiences();
app.MapRespondentQuality();
app.MapLinks();
app.MapQuestionnaire();
app.MapPageAssets();
app.MapForms();
app.MapReports();
app.MapWebhooks();

app.Run();

/// <summary>The web host's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
