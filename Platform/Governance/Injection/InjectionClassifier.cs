using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiNative.Platform.Governance.Injection;

/// <summary>
/// The trained prompt-injection classifier (<c>catalog/guardrails/injection-classifier.json</c>): logistic regression over
/// <see cref="InjectionFeatures"/>, trained by <c>bench/Injection -- --train</c> on the labelled sets of bench/Injection/data
/// (leave-one-writer-out cross-validation picks the features, regularisation and threshold). Shipped inside the Platform
/// assembly; loading validates it and fails with the file name and the problem.
/// </summary>
public sealed class InjectionClassifier
{
    /// <summary>Name of the artifact (and of the copy embedded in the assembly).</summary>
    public const string FileName = "injection-classifier.json";

    /// <summary>Artifact format this code reads.</summary>
    public const int Format = 1;

    private static readonly Lazy<InjectionClassifier> EmbeddedClassifier = new(() => LoadEmbedded(typeof(InjectionClassifier).Assembly, FileName), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly float[] weights;

    private readonly Dictionary<string, double> thresholds;

    /// <summary>A classifier from dense weights (length <see cref="InjectionFeatures.Dimensions"/>) with a threshold per channel.</summary>
    public InjectionClassifier(string version, InjectionFeatureSet features, float[] weights, double bias, IReadOnlyDictionary<string, double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != InjectionFeatures.Dimensions)
        {
            throw new ArgumentException($"expected {InjectionFeatures.Dimensions} weights, got {weights.Length}", nameof(weights));
        }

        Version = version;
        Features = features;
        this.weights = weights;
        Bias = bias;
        var missing = InjectionChannel.All.Where(c => !thresholds.TryGetValue(c, out var t) || t is <= 0 or >= 1).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"a threshold in (0, 1) is needed for: {string.Join(", ", missing)}", nameof(thresholds));
        }

        this.thresholds = InjectionChannel.All.ToDictionary(c => c, c => thresholds[c], StringComparer.Ordinal);
    }

    /// <summary>The classifier built into the assembly; throws <see cref="InvalidDataException"/> when the artifact is missing or corrupt.</summary>
    public static InjectionClassifier Embedded => EmbeddedClassifier.Value;

    /// <summary>Artifact version (training date and data hash).</summary>
    public string Version { get; }

    /// <summary>The feature groups the weights were trained on.</summary>
    public InjectionFeatureSet Features { get; }

    /// <summary>Intercept of the logistic regression.</summary>
    public double Bias { get; }

    /// <summary>Probability from which the classifier's evidence is added to a text of <paramref name="channel"/> (chosen per channel inside the training folds).</summary>
    public double ThresholdFor(string channel) =>
        thresholds.TryGetValue(channel, out var threshold) ? threshold : throw new ArgumentException($"Unknown channel '{channel}'", nameof(channel));

    /// <summary>Fewest letters a text needs before the classifier judges it: on a few words ("Triage this.") its n-grams say nothing.</summary>
    public const int MinLetters = 16;

    /// <summary>Shortest text (UTF-16 units) the classifier decides: below it the rules and the semantic layer decide, and the classifier only adds a confident verdict.</summary>
    public const int MinDecidingLength = 100;

    /// <summary>
    /// Longest text (UTF-16 units) the classifier decides: the training texts are at most ~850 characters (99 % under 600).
    /// Longer texts keep the rules and the semantic layer beside it, since one injected sentence is diluted in a long page.
    /// </summary>
    public const int MaxDecidingLength = 1_000;

    /// <summary>True when the classifier alone decides <paramref name="text"/> (a length it was trained on).</summary>
    public static bool Decides(string text) => Reads(text) && text.Length is >= MinDecidingLength and <= MaxDecidingLength;

    /// <summary>True when <paramref name="text"/> is long enough for the classifier (<see cref="MinLetters"/> letters).</summary>
    public static bool Reads(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c) && ++letters >= MinLetters)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Probability that <paramref name="text"/> in <paramref name="channel"/> is an injection; <paramref name="ruleReasons"/> and <paramref name="ruleScore"/> are the rules' verdict on it.</summary>
    public double Probability(string text, string channel, IEnumerable<string> ruleReasons, double ruleScore)
    {
        var (indices, values) = InjectionFeatures.Vector(text, channel, Features, ruleReasons, ruleScore);
        return Probability(indices, values);
    }

    /// <summary>Like <see cref="Probability(string, string, IEnumerable{string}, double)"/> from the views the detector already made of the text (no second normalisation).</summary>
    internal double Probability(IReadOnlyList<InjectionView> views, string channel, IEnumerable<string> ruleReasons, double ruleScore)
    {
        var (indices, values) = InjectionFeatures.Vector(views, channel, Features, ruleReasons, ruleScore);
        return Probability(indices, values);
    }

    /// <summary>Probability for an already computed feature vector.</summary>
    public double Probability(int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        var z = Bias;
        for (var i = 0; i < indices.Length; i++)
        {
            z += weights[indices[i]] * values[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Serialises the weights sparsely (index, weight pairs, little-endian, base64) with their SHA-256.</summary>
    public (string Base64, string Sha256, int NonZero) EncodeWeights()
    {
        var nonZero = weights.Select((w, i) => (w, i)).Where(p => p.w != 0).ToList();
        var bytes = new byte[nonZero.Count * 8];
        for (var k = 0; k < nonZero.Count; k++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(k * 8), nonZero[k].i);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((k * 8) + 4), nonZero[k].w);
        }

        return (Convert.ToBase64String(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)), nonZero.Count);
    }

    /// <summary>Reads and validates an artifact; any problem is an <see cref="InvalidDataException"/> naming <paramref name="file"/>.</summary>
    public static InjectionClassifier Parse(string file, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not valid JSON ({e.Message}). Retrain with: dotnet run -c Release --project bench/Injection -- --train", e);
        }

        if (root is not JsonObject model)
        {
            throw new InvalidDataException($"{file}: the root must be a JSON object");
        }

        var format = Get<int>(file, model, "format");
        if (format != Format)
        {
            throw new InvalidDataException($"{file}: format {format} is not supported (this build reads format {Format})");
        }

        var dimensions = Get<int>(file, model, "dimensions");
        if (dimensions != InjectionFeatures.Dimensions)
        {
            throw new InvalidDataException($"{file}: dimensions {dimensions} do not match the featuriser ({InjectionFeatures.Dimensions})");
        }

        var version = Get<string>(file, model, "version");
        InjectionFeatureSet features;
        try
        {
            features = InjectionFeatureSet.Parse(Get<string>(file, model, "features"));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }

        var bias = Get<double>(file, model, "bias");
        if (model["thresholds"] is not JsonObject perChannel)
        {
            throw new InvalidDataException($"{file}: 'thresholds' (one per channel: {string.Join(", ", InjectionChannel.All)}) is required");
        }

        var thresholds = InjectionChannel.All.ToDictionary(c => c, c => Get<double>(file, perChannel, c));
        if (thresholds.Values.Any(t => t is <= 0 or >= 1) || !double.IsFinite(bias))
        {
            throw new InvalidDataException($"{file}: thresholds must be in (0, 1) and bias finite");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(Get<string>(file, model, "weights"));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{file}: weights are not valid base64", e);
        }

        var expected = Get<string>(file, model, "weightsSha256");
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), expected, StringComparison.Ordinal) || bytes.Length % 8 != 0)
        {
            throw new InvalidDataException($"{file}: weights do not match weightsSha256 (corrupt or edited artifact). Retrain with: dotnet run -c Release --project bench/Injection -- --train");
        }

        var dense = new float[InjectionFeatures.Dimensions];
        for (var k = 0; k < bytes.Length; k += 8)
        {
            var index = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(k));
            if (index < 0 || index >= dense.Length)
            {
                throw new InvalidDataException($"{file}: weight index {index} out of range");
            }

            dense[index] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(k + 4));
        }

        return new InjectionClassifier(version, features, dense, bias, thresholds);
    }

    /// <summary>Loads the artifact embedded as <paramref name="resource"/> in <paramref name="assembly"/>; missing or corrupt fails clearly.</summary>
    internal static InjectionClassifier LoadEmbedded(System.Reflection.Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidDataException($"{resource} is not embedded in {assembly.GetName().Name}: the prompt-injection classifier is missing. Train it with: dotnet run -c Release --project bench/Injection -- --train");
        return Parse(resource, stream);
    }

    private static T Get<T>(string file, JsonObject model, string field)
    {
        var node = model[field] ?? throw new InvalidDataException($"{file}: '{field}' is required");
        try
        {
            return node.GetValue<T>() ?? throw new InvalidDataException($"{file}: '{field}' is required");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{file}: '{field}' must be a {typeof(T).Name}", e);
        }
    }
}
