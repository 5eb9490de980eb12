namespace AiNative.Platform.Evals.Catalog;

/// <summary>The eval suites of the catalog, loaded and validated once; any invalid file fails the whole load.</summary>
public sealed class EvalCatalog
{
    private readonly Dictionary<string, EvalSuite> _suites;

    public EvalCatalog(IEnumerable<EvalSuite> suites)
    {
        ArgumentNullException.ThrowIfNull(suites);
        _suites = new Dictionary<string, EvalSuite>(StringComparer.Ordinal);
        foreach (var suite in suites)
        {
            if (!_suites.TryAdd(suite.Id, suite))
            {
                throw new EvalCatalogException([
                    $"{Path.GetFileName(suite.SourceFile)}: id: '{suite.Id}' is already defined in {Path.GetFileName(_suites[suite.Id].SourceFile)}"]);
            }
        }
    }

    /// <summary>Suite ids in ordinal order.</summary>
    public IReadOnlyList<string> SuiteIds => _suites.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The suite with this id.</summary>
    /// <exception cref="EvalSuiteNotFoundException">No suite has this id.</exception>
    public EvalSuite GetSuite(string id) =>
        _suites.TryGetValue(id, out var suite) ? suite : throw new EvalSuiteNotFoundException(id, SuiteIds);

    /// <summary>Reads every <c>*.yaml</c>/<c>*.yml</c> in <paramref name="directory"/>; a missing directory is an empty catalog.</summary>
    /// <exception cref="EvalCatalogException">One or more files are invalid; the message lists every problem.</exception>
    public static EvalCatalog Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            return new EvalCatalog([]);
        }

        var errors = new List<string>();
        var suites = new List<EvalSuite>();
        var files = Directory.EnumerateFiles(directory, "*.yaml")
            .Concat(Directory.EnumerateFiles(directory, "*.yml"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (EvalSuiteParser.Parse(file, File.ReadAllText(file), errors) is { } suite)
            {
                var existing = suites.FirstOrDefault(s => s.Id == suite.Id);
                if (existing is not null)
                {
                    errors.Add($"{Path.GetFileName(file)}: id: '{suite.Id}' is already defined in {Path.GetFileName(existing.SourceFile)}");
                    continue;
                }

                suites.Add(suite);
            }
        }

        return errors.Count > 0 ? throw new EvalCatalogException(errors) : new EvalCatalog(suites);
    }
}
