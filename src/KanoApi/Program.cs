var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

/// <summary>The web host's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
