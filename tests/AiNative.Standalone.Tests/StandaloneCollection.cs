namespace AiNative.Standalone.Tests;

/// <summary>One Standalone host shared by the HTTP test classes.</summary>
[CollectionDefinition(Name)]
public sealed class StandaloneCollection : ICollectionFixture<StandaloneFixture>
{
    public const string Name = "standalone";
}
