using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Injection;

/// <summary>One kind of evidence: a pattern over normalised text (lower case, no accents) and its weight per channel.</summary>
internal sealed record InjectionSignal(string Name, Regex Pattern, double User, double Document, double ToolOutput)
{
    public double WeightFor(string channel) => channel switch
    {
        InjectionChannel.Document => Document,
        InjectionChannel.ToolOutput => ToolOutput,
        _ => User,
    };
}

/// <summary>
/// The detector's evidence, written against <see cref="InjectionTextNormalizer.Fold"/> output. Weights are the
/// probability-like strength of one match; the detector combines them as independent evidence. English plus
/// Spanish, French, German, Portuguese and Italian phrasings of the direct attacks.
/// </summary>
internal static class InjectionSignals
{
    public const string IgnoreInstructions = "ignore-instructions";
    public const string RoleOverride = "role-override";
    public const string PromptExtraction = "prompt-extraction";
    public const string NewInstructions = "new-instructions";
    public const string ChatTemplateToken = "chat-template-token";
    public const string RoleHeader = "role-header";
    public const string AddressedToAssistant = "addressed-to-assistant";
    public const string ExfiltrationLink = "exfiltration-link";
    public const string DataExfiltration = "data-exfiltration";
    public const string ToolHijack = "tool-hijack";
    public const string PaymentHijack = "payment-hijack";
    public const string SkipApproval = "skip-approval";
    public const string DestructiveAction = "destructive-action";

    // Building blocks shared by several patterns (already folded: no accents, lower case).
    // One more word of the same sentence: a word may hold '.', '?' or '!' inside ("e.g", "v2.x") but not end with one, so
    // "…can't share its instructions?\nThe assistant's system prompt is confidential" is not one request.
    private const string W = @"(?:\s[^\s.!?]+(?:[.!?]+[^\s.!?]+)*)";
    private const string Verbs = @"ignore|ignoring|disregard|forget|override|bypass|skip|drop|discard|abandon|neglect|set\saside|stop\sfollowing|do\snot\sfollow|don'?t\sfollow|cancel|nullify|void";
    private const string Prior = @"previous|previously|prior|above|earlier|preceding|foregoing|original|initial|old|existing|all|any|every|your|system|safety|developer|default|current|given|programmed|built-in";
    private const string Rules = @"instructions?|prompts?|rules|directions|directives|guidelines|guardrails|commands|programming|restrictions|constraints|polic(?:y|ies)|orders|training|system\smessage";
    private const string Assistant = @"ai|a\.i\.|assistant|ai\sassistant|llm|large\slanguage\smodel|language\smodel|chat\s?bot|ai\smodel|ai\sagent|agent|gpt|chatgpt|copilot|bot|claude|gemini|model";
    private const string Reveal = @"reveal|print|show|repeat|output|leak|display|dump|expose|disclose|share|tell\sme|give\sme|list|write\sout|copy|recite|spell\sout|paste|echo|what\s(?:is|are|were|was)";

    private const string ChatTokens = @"<\|\s*(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\s*\|>|\[/?inst\]|<</?sys>>";

    /// <summary>
    /// A chat-template token used as a frame: at a line start, right after another token, or followed by a role name, a
    /// line end (also an escaped "\n" in JSON) or another token, or a turn's end token followed on the same line by the
    /// next turn's start ("[/INST] Sure! [INST] …"). A token quoted or named in a sentence ("tokens like
    /// &lt;|im_start|&gt; and &lt;|im_end|&gt;", "emits a literal "&lt;|im_end|&gt;"", a Jinja template's
    /// '&lt;|im_start|&gt;') is someone talking about the format, not posing as the conversation's frame.
    /// </summary>
    internal const string FramingChatToken =
        @"(?:^[ \t]*(?:" + ChatTokens + @")|(?<=\|>)(?:" + ChatTokens + @")|(?<![`'‘\w])(?:" + ChatTokens + @")(?![`'""‘’“”])" +
        @"(?=[ \t]*(?:$|\\n|<\||\[/?inst\]|<</?sys>>|(?:system|user|assistant|developer)\b))" +
        @"|(?<![`'‘\w])(?:<\|\s*(?:im_end|eot_id|endoftext)\s*\|>|\[/inst\]|<</sys>>)(?![`'""‘’“”])(?=[^\n]{0,40}?(?:<\|\s*(?:im_start|start_header_id|system|user|assistant)\s*\|>|\[inst\])))";

    private static Regex R(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline, TimeSpan.FromMilliseconds(250));

    public static IReadOnlyList<InjectionSignal> All { get; } =
    [
        new(IgnoreInstructions, R(
            $@"\b(?:{Verbs})\b{W}{{0,3}}?\s(?:{Prior})\b{W}{{0,2}}?\s(?:{Rules})\b" +
            $@"|\b(?:ignore|disregard|forget)\s(?:everything|all|anything)\s(?:above|before|prior|previously|earlier|you\s(?:were|have\sbeen)\s(?:told|given))" +
            @"|\b(?:ignore|disregard|forget)\s(?:the\s|all\s)?(?:above|previous|preceding|prior)(?:\s(?:text|content|message|prompt|context))?\s?(?:and|,)\s" +
            @"|\bpay\sno\sattention\sto\s(?:what|anything|the\s(?:above|previous|rules|instructions)|your\s(?:rules|instructions))" +
            @"|\b(?:rules|instructions|guidelines)\syou\s(?:were|have\sbeen)\s(?:given|told)\s(?:\S+\s){0,4}?(?:no\slonger\sapply|(?:are|is)\s(?:void|obsolete|outdated|cancel+ed)|don'?t\sapply)" +
            @"|\b(?:previous|above|prior|earlier)\s(?:instructions|rules|prompt)\s(?:are|is)\s(?:void|cancel+ed|obsolete|revoked|no\slonger\s(?:valid|apply|in\seffect))" +
            // es
            $@"|\b(?:ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|olviden|omite|omitir|descarta|descartar|desestima|haz\scaso\somiso\sde)\b{W}{{0,3}}?\s(?:instrucciones|indicaciones|reglas|ordenes|directrices)\b{W}{{0,1}}?\s(?:anteriores|previas|precedentes|originales|del\ssistema|de\sarriba)" +
            @"|\b(?:olvida|olvide|ignora|ignore)\s(?:todo\slo\s(?:anterior|dicho)|todas\slas\s(?:instrucciones|reglas))" +
            // fr
            $@"|\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|ne\stiens\spas\scompte\sdes|ne\stenez\spas\scompte\sdes|fais\sabstraction\sdes|faites\sabstraction\sdes)\b{W}{{0,3}}?\s(?:instructions|consignes|regles|directives|ordres)\b{W}{{0,1}}?\s(?:precedentes|anterieures|ci-dessus|initiales|originales|du\ssysteme)" +
            @"|\b(?:oublie|oubliez|ignore|ignorez)\s(?:tout\sce\squi\s(?:precede|a\sete\sdit)|toutes\s(?:les|vos|tes)\s(?:instructions|consignes|regles))" +
            // de
            $@"|\b(?:ignoriere|ignorieren|ignoriert|ignorier|vergiss|vergessen\ssie|vergesst|missachte|missachten|verwirf|verwerfen\ssie)\b{W}{{0,3}}?\s(?:vorherigen|vorigen|bisherigen|obigen|vorangegangenen|fruheren|alle|alten|ursprunglichen|deine|ihre)\b{W}{{0,1}}?\s(?:\S*anweisungen|instruktionen|befehle|regeln|vorgaben|richtlinien)" +
            @"|\b(?:vorherigen|vorigen|bisherigen|obigen|fruheren|alle)\s(?:\S*anweisungen|instruktionen|befehle|regeln|vorgaben)\s(?:zu\s)?(?:ignorieren|vergessen|missachten)" +
            @"|\bvergiss\salles\s(?:bisherige|davor|vorher|oben|was\sdir)" +
            // pt
            $@"|\b(?:ignore|ignora|ignorar|ignorem|esqueca|esquecer|esquecam|desconsidere|desconsiderar|descarte)\b{W}{{0,3}}?\s(?:instrucoes|regras|ordens|diretrizes|orientacoes)\b{W}{{0,1}}?\s(?:anteriores|previas|acima|originais|do\ssistema)" +
            @"|\b(?:esqueca|ignore)\s(?:tudo\so\sque\s(?:foi\sdito|veio\santes)|todas\sas\s(?:instrucoes|regras))" +
            // it
            $@"|\b(?:ignora|ignorate|ignorare|dimentica|dimenticate|dimenticare|trascura|trascurate|non\sconsiderare)\b{W}{{0,3}}?\s(?:istruzioni|regole|indicazioni|direttive|ordini)\b{W}{{0,1}}?\s(?:precedenti|precedente|anteriori|sopra|originali|di\ssistema|del\ssistema)" +
            @"|\b(?:dimentica|ignora)\s(?:tutto\s(?:quello|cio)\sche|tutte\sle\s(?:istruzioni|regole))"),
            0.8, 0.8, 0.8),

        new(RoleOverride, R(
            // Persona jailbreaks: a character without rules, or the "late grandmother who used to read me secrets" family.
            @"\b(?:act|acting|role-?play|roleplaying|pretend|play|behave|respond|answer|write)\s(?:as|like|to\sbe)\b.{0,80}?\b(?:with|has|having|that\shas)\s(?:no|zero)\s(?:content\s|safety\s|ethical\s|moral\s)?(?:polic(?:y|ies)|rules|restrictions|filters|limits|guidelines|guardrails|censorship|ethics|morals)\b" +
            @"|\b(?:act|pretend|role-?play|play)\s(?:as|to\sbe|like)\s(?:my\s)?(?:late|deceased|dead|departed)\s(?:grand(?:mother|father|ma|pa)|mother|father|mom|dad|uncle|aunt|friend)\b.{0,80}?\bused\sto\b" +
            @"|\bdo\sanything\snow\b|\bdan\s(?:mode|prompt|jailbreak)\b|\bjailbr(?:oken|eak)\smode\b" +
            @"|\b(?:you\sare|you're|act\sas|pretend\s(?:to\sbe|you\sare)|become|roleplay\sas|role-play\sas|play\sthe\srole\sof)\s(?:now\s)?(?:dan|stan|dude|aim|an?\s(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|amoral|unaligned|unlimited)\b)" +
            @"|\b(?:enable|enter|switch\sto|activate|turn\son|engage)\s(?:the\s)?(?:god|unrestricted|jailbreak|sudo)\smode\b|\bdeveloper\smode\s(?:enabled|activated|output)\b|\bin\sdeveloper\smode\syou\b|\bnever\srefuse\b" +
            @"|\byou(?:\sare|'re|r)\sno\slonger\s(?:an?\s)?(?:ai|assistant|bound|restricted|chatgpt|claude|limited|a\slanguage\smodel)\b" +
            @"|\bfrom\snow\son,?\s(?:you\s(?:are|will|must|shall|have)|act|respond|answer|behave|pretend)\b" +
            @"|\b(?:no|without|free\sof|freed\sfrom|not\sbound\sby|unbound\sby|ignoring)\s(?:any\s)?(?:ethical|moral|content|safety|openai|usage|corporate)\s(?:guidelines|restrictions|filters|policies|limitations|rules|constraints)" +
            @"|\bstay\sin\scharacter\b|\bhypothetically,?\sif\syou\s(?:had|were\swithout)\sno\s(?:rules|restrictions|filters)" +
            // A developer mode is a product feature in policies and FAQs; only switching it on is a jailbreak.
            @"|\b(?:activa|activar|active|activez|activer|aktiviere|aktivieren|ative|ativar|attiva|attivare|entra\sen|entre\sen|passe\sen|passa\sin|passa\sa|wechsle\sin)\s(?:el\s|le\s|la\s|o\s|il\s|den\s|al\s|alla\s)?(?:modo|mode|modalita)\s(?:desarrollador|desenvolvedor|developpeur|sviluppatore)\b|\bentwicklermodus\s(?:aktiv|an|ein)|\b(?:modo|mode|modalita)\s(?:sin\srestricciones|sem\srestricoes|sans\s(?:restrictions?|filtres?)|senza\s(?:restrizioni|filtri))\b" +
            @"|\b(?:ahora\seres|a\spartir\sde\sahora\seres|maintenant\stu\ses|desormais\stu\ses|a\spartir\sde\smaintenant,?\stu\ses|du\sbist\sjetzt|ab\sjetzt\sbist\sdu|agora\svoce\se|a\spartir\sde\sagora\svoce\se|ora\ssei|d'ora\sin\spoi\ssei)\b" +
            @"|\b(?:sin|sans|ohne|sem|senza)\s(?:ninguna\s|aucune\s|jegliche\s|nenhuma\s|alcuna\s)?(?:restricciones|restrictions?|einschrankungen|restricoes|restrizioni|filtros|filtres|filter|filtri)\s(?:eticas|ethiques|ethischen|eticas|etiche|morales|morali|de\sseguridad|de\ssecurite)?"),
            0.75, 0.75, 0.75),

        new(PromptExtraction, R(
            $@"\b(?:{Reveal})\b{W}{{0,3}}?\s(?:your|ur)\s(?:\S+\s){{0,2}}?(?:system\sprompt|system\smessage|prompt|pre-?prompt|meta\s?prompt|instructions|rules|guidelines|directives|configuration|initial\sprompt|hidden\sprompt|developer\smessage)\b(?!\s(?:for|on|about|regarding)\s)" +
            $@"|\b(?:{Reveal})\b{W}{{0,3}}?\s(?:the|its|this\sbot'?s|the\sassistant'?s|the\sai'?s)\s(?:full\s|entire\s|complete\s|exact\s)?(?:system|hidden|initial|original|secret|developer|internal|confidential)\s(?:prompt|instructions|message|rules)\b" +
            @"|\b(?:repeat|print|output|copy|echo|recite|translate)\s(?:the\s|all\s(?:the\s)?|everything\s)?(?:text|words|content|messages?|lines|everything)?\s?(?:above|before\sthis|prior\sto\sthis|preceding)\b(?:\sverbatim|\sword\sfor\sword|\sthis\s(?:line|message))?" +
            @"|\b(?:secret|hidden|system|initial|original)\s(?:prompt|instructions)\b.{0,60}?\b(?:tell\sme|what\sit\s(?:says|said)|print\sit|reveal\sit|show\sme)" +
            @"|\bstarting\swith\s(?:the\swords\s)?[""']?you\sare\b|\bwhat\swas\swritten\s(?:at\sthe\sbeginning|above|before)" +
            @"|\b(?:revela|muestra|muestrame|dime|imprime|repite|revele|revelez|montre|montrez|affiche|affichez|donne|donnez|zeige|zeig|gib|nenne|wiederhole|mostre|mostra|diga|rivela|mostrami|dimmi|ripeti|stampa)\b{W}{{0,3}}?\s(?:prompt\s(?:del|de|di|do)\ssistema|prompt\ssysteme|systemprompt|system-prompt|(?:tus|sus|las)\sinstrucciones(?:\s(?:del\ssistema|iniciales|ocultas))?|(?:tes|vos|les)\s(?:instructions|consignes)(?:\s(?:systeme|initiales|cachees))?|(?:deine|ihre|die)\s(?:system)?anweisungen|(?:suas|as)\sinstrucoes|(?:tue|le)\sistruzioni|istruzioni\sdi\ssistema|instrucoes\sdo\ssistema|(?:tu|ton|votre|seu|il\stuo)\s(?:prompt|mensaje\sdel\ssistema|message\ssysteme))"),
            0.75, 0.75, 0.75),

        new(NewInstructions, R(
            @"\b(?:new|updated|real|actual|revised|true|overriding|priority|urgent|admin|administrator|hidden)\s(?:system\s)?(?:instructions?|directives?|orders|task)\s?:" +
            @"|\byour\s(?:real|true|actual|new|only)\s(?:job|task|purpose|goal|role|mission)\s(?:now\s)?(?:is|are)\b" +
            @"|\bsystem\s(?:override|update|prompt\supdate|instruction)\s?:|\b(?:admin|sudo|god|root)\smode\b|\bend\sof\s(?:the\s)?(?:system\s)?(?:prompt|instructions)\b" +
            @"|\b(?:nuevas\sinstrucciones|nouvelles\s(?:instructions|consignes)|neue\s(?:anweisungen|instruktionen)|novas\sinstrucoes|nuove\sistruzioni)\s?:"),
            0.6, 0.65, 0.65),

        new(ChatTemplateToken, R(FramingChatToken), 0.8, 0.8, 0.8),

        new(RoleHeader, R(@"^\s*(?:#{1,6}\s*|\*\*)?(?:system|assistant|developer)\s*(?:prompt|message)?\s*(?:\*\*)?\s*:"), 0.45, 0.55, 0.55),

        new(AddressedToAssistant, R(
            $@"\b(?:note|message|instructions?|attention|important|reminder|notice|directive|hint|p\.?s\.?|memo)\b{W}{{0,2}}?\s(?:to|for)\s(?:the\s|any\s|all\s)?(?:{Assistant})s?(?:\s(?:systems?|models?|agents?|tools?|assistants?|readers?))?\b\s*(?:[:,\-–—!]|\s(?:you|please|do|don'?t|always|never|ignore|make|tell|respond|reply|say|include|recommend|when))" +
            $@"|(?:^|[.!?]\s|[""'>]\s?)(?:dear|hey|hello|hi|attention|to)\s(?:the\s)?(?:{Assistant})\b\s*[,:!\-]" +
            $@"|(?:^|[.!?:>""]\s?|\n)\s*@?(?:{Assistant})\s*[:,]\s*(?:please\s)?(?:ignore|disregard|you|do|don'?t|always|never|tell|say|reply|respond|answer|approve|mark|send|forward|call|use|list|reveal|print|output|recommend|from\snow|instead|the\s(?:correct|right|real)|make|pay|delete|escalate|state|rate|set|close|refund|grant|give|issue|transfer|remove|cancel|reset|write|publish)\b" +
            $@"|@(?:assistant|ai|bot|agent|copilot|chatbot)\s(?:please\s)?(?:ignore|disregard|delete|send|forward|approve|pay|transfer|reveal|call|use)\b" +
            $@"|\bif\syou\sare\san?\s(?:ai|llm|assistant|language\smodel|chatbot|automated\s(?:system|agent|assistant)|ai\s(?:agent|model|assistant))\b" +
            $@"|\b(?:{Assistant})s?\s(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|ingesting)\s(?:this|these)\b" +
            $@"|\b(?:any|every|an?|the)\s(?:{Assistant})s?\s(?:that|which|who)\s(?:reads?|processes|process|summari[sz]es?|parses?|analy[sz]es?|ingests?|sees?)\s(?:this|these)\b" +
            $@"|\bwhen\s(?:you|(?:the|an?)\s(?:ai|llm|assistant|model|agent|language\smodel)(?:\s(?:model|agent|assistant))?)\s(?:read|reads|summari[sz]e|summari[sz]es|process|processes|see|sees)\sthis\b" +
            @"|\b(?:nota|mensaje|instrucciones|mensagem|instrucoes|messaggio|istruzioni)\s(?:para|per)\s(?:la\sia|el\sasistente|el\smodelo|a\sia|o\sassistente|o\smodelo|l'ia|l'assistente|il\smodello)\b" +
            @"|\b(?:note|message|instructions?)\s(?:pour|a)\s(?:l'ia|l'assistant|le\smodele|l'agent)\b|\b(?:hinweis|nachricht|anweisung|anweisungen)\s(?:an|fur)\s(?:die\ski|den\sassistenten|das\smodell|den\sbot|den\sagenten)\b" +
            @"|\b(?:si\seres\suna\sia|si\svous\setes\sune\sia|si\stu\ses\sune\sia|wenn\sdu\seine\ski\sbist|se\svoce\se\suma\sia|se\ssei\sun'?ia)\b"),
            0, 0.6, 0.6),

        new(ExfiltrationLink, R(
            @"!\[[^\]]*\]\(\s*<?https?://[^\s)]+\?[^\s)]*(?:\{|\}|%7b|\$\(|\[|<|data=|q=|d=|conversation|history|secret|token|key=|password|session|email|chat|summary|context|prompt|user|payload|leak)[^\s)]*\)" +
            @"|<img\b[^>]*src\s*=\s*[""']?https?://[^""'\s>]+\?[^""'\s>]*(?:\{|\}|%7b|data=|q=|conversation|history|secret|token|password|session|email|chat|summary|context|prompt|payload)" +
            @"|\b(?:append|add|include|insert|encode|put|embed)\s(?:the\s|all\s|any\s|their\s|his\s|her\s|a\s)?\S+(?:\s\S+){0,5}?\s(?:to|in|into|as)\s(?:the\s|this\s|a\s)?(?:url|link|query(?:\sstring)?|image\s(?:url|link)|parameter|markdown\simage)"),
            0.5, 0.7, 0.7),

        new(DataExfiltration, R(
            @"\b(?:send|post|forward|upload|exfiltrate|transmit|email|e-mail|leak|copy|submit)\s(?:the\s|all\s(?:the\s)?|this\s|any\s|your\s|every\s|its\s)?(?:\S+\s){0,2}?(?:conversation|chat\shistory|history|credentials|api\skeys?|passwords?|secrets?|tokens?|system\sprompt|customer\s(?:records|data|list)|personal\sdata|user\sdata|previous\smessages|session\s(?:cookies?|data)|account\s(?:details|information|numbers?)|(?:card|payment|bank|contact|personal|login)\s(?:details|information|numbers?|data))\s(?:\S+\s){0,3}?(?:to|at|via)\s(?:https?://|www\.|\S+@\S+\.|this\s(?:url|address|endpoint|email|server|webhook)|the\sfollowing\s(?:url|address|endpoint))"),
            0.6, 0.75, 0.75),

        new(ToolHijack, R(
            @"\b(?:call|invoke|trigger|execute|fire|use|run)\s(?:the\s|your\s|a\s)?`?[a-z0-9]+(?:_[a-z0-9]+)+`?(?:\s(?:tool|function|plugin|action))?\b(?!`?\s(?:endpoint|api|route|method|url|operation)\b)|\b(?:call|invoke|trigger|use)\s(?:the\s|your\s|a\s)?[\w\-.]+\stool\b(?!\s(?:is|was|returns|will|can|allows|lets))" +
            @"|\b(?:llama|ejecuta|usa|invoca)\s(?:a\s)?la\sherramienta\b|\b(?:appelle|appelez|utilise|utilisez|execute|executez)\s(?:l'outil|la\sfonction)\b|\b(?:rufe|nutze|verwende|starte)\s(?:das\s)?(?:tool|werkzeug|die\sfunktion)\b|\b(?:chame|use|execute|acione)\s(?:a\sferramenta|a\sfuncao)\b|\b(?:chiama|usa|esegui|invoca)\s(?:lo\sstrumento|la\sfunzione|il\stool)\b"),
            0.15, 0.55, 0.55),

        new(PaymentHijack, R(
            @"\b(?:issue|process|approve|grant|make|initiate|execute|authori[sz]e|send|wire|transfer)\s(?:a\s|an\s|the\s)?(?:full\s|immediate\s|maximum\s|max\s|\$?\d[\d,.]*\s|\S+\s)?(?:refund|payment|transfer|wire|credit|payout|reimbursement)s?\b(?:\s\S+){0,6}?\s(?:immediately|right\snow|automatically|to\s(?:account|iban)|without\b)"),
            0.1, 0.4, 0.4),

        new(SkipApproval, R(
            @"\b(?:without|skip|skipping|bypass|bypassing|no\sneed\sfor|don'?t\sask\sfor|do\snot\sask\sfor|never\sask\sfor|avoid)\s(?:any\s|the\s|human\s|manager\s|further\s|user\s|customer\s)?(?:approval|confirmation|verification|review|checks?|authori[sz]ation|asking|consent)\b"),
            0.25, 0.25, 0.25),

        new(DestructiveAction, R(
            @"\b(?:delete|drop|wipe|erase|remove|purge|truncate|deactivate|disable)\s(?:all|every|the\sentire|the\swhole|all\sof\sthe)\s(?:\S+\s){0,2}?(?:records|data|files|users|accounts|tickets|customers|database|tables?|emails|logs|backups)\b"),
            0.3, 0.4, 0.4),
    ];
}
