namespace AiNative.Platform.AgentPlane.Approvals;

/// <summary>Why a token was accepted or refused.</summary>
public enum ApprovalTokenStatus
{
    Valid,
    Malformed,
    BadSignature,
    Expired,
}

/// <summary>What a genuine token says: which approval of which orchestration, bound to which action and (when set) approver, until when.</summary>
public sealed record ApprovalTokenClaims(string ApprovalId, string InstanceId, string ActionHash, DateTimeOffset ExpiresAt, string? Approver = null);

/// <summary>The result of checking a token; <paramref name="Claims"/> is set for Valid and Expired (the signature was genuine).</summary>
public sealed record ApprovalTokenValidation(ApprovalTokenStatus Status, ApprovalTokenClaims? Claims)
{
    public bool IsValid => Status == ApprovalTokenStatus.Valid;
}
