namespace AiNative.Platform.DataPlane.Chunking;

/// <summary>
/// One chunk: <see cref="Text"/> is exactly <c>source[Start..End]</c>; <see cref="Section"/> is the Markdown heading
/// trail the chunk sits under (e.g. <c>Refund policy &gt; SLA credits</c>), null outside any heading.
/// </summary>
public sealed record TextChunk(int Index, string Text, int Start, int End, string? Section);
