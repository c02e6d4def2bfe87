namespace KanoApi.Webhooks;

/// <summary>
/// <c>Kano:Webhooks</c>: which receivers may be reached and how deliveries are retried. The defaults are for
/// production; tests shorten the delays and allow loopback.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Kano:Webhooks";

    /// <summary>Whether the background workers run in this instance (every instance may run them: claims keep each delivery to one).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Receivers on loopback (127.0.0.0/8, ::1) are refused unless this is on: for local development and tests.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Networks (CIDR, e.g. <c>10.20.0.0/16</c>) the operator allows although they are not public, e.g. an internal receiver.</summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>Whether http:// receivers are accepted; unset, only in the Development environment (https is required elsewhere).</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>How long one attempt may take, connecting, sending and reading the answer's start: past it the attempt failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay after the first failed attempt; each next one doubles it (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How long an event is retried after it was made; then it is given up and its endpoint marked failing.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(28);

    /// <summary>How often the workers look for work (new events, due deliveries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often surveys changed by writes are analysed again for category and settled events, and links looked at
    /// for full and expired ones: the debounce, as a burst of writes within it is analysed once.
    /// </summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long delivered and given-up deliveries (with their attempts) and their events are kept in the log.</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Endpoints a workspace may hold.</summary>
    public int EndpointsPerWorkspace { get; set; } = 20;

    /// <summary>How long the previous secret still signs after a rotation when the request names no grace period.</summary>
    public TimeSpan DefaultSecretGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Deliveries one instance attempts at once.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Whether http:// receivers are accepted in <paramref name="environment"/>.</summary>
    public bool HttpAllowedIn(IHostEnvironment environment) => AllowHttp ?? environment.IsDevelopment();
}
