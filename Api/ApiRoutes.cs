namespace AiNative.Api;

/// <summary>Route templates, relative to the <c>api/</c> prefix (the Functions host's default route prefix).</summary>
public static class ApiRoutes
{
    public const string Prefix = "api";
    public const string Health = "health";
    public const string AgentRuns = "agents/{agent}/runs";
    public const string Run = "runs/{id}";
    public const string RunTerminate = "runs/{id}/terminate";
    public const string RunEvent = "runs/{id}/events/{eventName}";
    public const string Approval = "approvals/{token}";
    public const string SlackInteractions = "slack/interactions";
    public const string Documents = "documents";
    public const string Document = "documents/{id}";
    public const string EvalRuns = "evals/runs";
    public const string EvalRun = "evals/runs/{id}";
    public const string Sessions = "sessions";
    public const string Session = "sessions/{id}";
    public const string SessionMessages = "sessions/{id}/messages";
}
