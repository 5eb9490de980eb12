using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AiNative.Platform.Governance.Injection;

/// <summary>
/// Core attack intents as a small per-language lexicon (en, es, fr, de, it, pt, nl, pl, sv, tr, ru, ja, zh), combined
/// structurally inside one sentence: an address to the AI plus an override / extraction / no-restrictions intent, or an
/// override verb next to "previous rules". Matched on <see cref="Fold"/> text (Cyrillic and CJK kept, unlike the Latin fold).
/// </summary>
internal static partial class MultilingualIntent
{
    public const string AddressedOverride = "addressed-override";

    // "the AI assistant / agent / model" in each language (English address words are left to InjectionSignals, which
    // already weighs them against policy prose); \b does not work for CJK, so those stand alone.
    private const string Address =
        @"\b(?:ai|ia|asistente|agente|modelo|l'ia|l'assistant|l'agent|le\smodele|ki|ki-\w+|assistent(?:en)?|sprachmodell|l'assistente|il\smodello|o\sassistente|o\smodelo|a\sia" +
        @"|ai-\w+|taalmodel|de\sassistent|het\smodel|asystent\w*|model\w*\s(?:ai|jezykow\w*)|agent\w*\sai|sztuczn\w*\sinteligencj\w*|assistenten|ai-assistent\w*|sprakmodell\w*|chattbot\w*" +
        @"|yapay\szeka|asistan\w*|dil\smodel\w*|ии|ии-\w+|ассистент\w*|нейросет\w*|языков\w*\sмодел\w*|искусствен\w*\sинтеллект\w*)\b" +
        @"|アシスタント|エージェント|言語モデル|チャットボット|人工知能|ＡＩ|人工智能|助手|助理|语言模型|智能体|机器人";

    // Forget / ignore / disregard, and "no longer apply" said of rules (English verbs are InjectionSignals' job).
    private const string Override =
        @"\b(?:no\slonger\s(?:apply|applies|valid|in\seffect)|(?:are|is)\s(?:void|revoked|suspended|lifted)" +
        @"|olvida\w*|ignora\w*|ya\sno\s(?:aplican|se\saplican|son\svalidas|estan\svigentes|rigen)|quedan\ssin\sefecto|anulad[ao]s" +
        @"|oublie\w*|ignorez|ne\ss'appliquent\splus|ne\ssont\splus\s(?:valables|en\svigueur|valides)|sont\sannulees|caduques" +
        @"|vergiss|vergesst|ignorier\w*|gelten\snicht\smehr|nicht\smehr\sgultig|sind\saufgehoben|ausser\skraft|auser\skraft" +
        @"|dimentica\w*|non\s(?:valgono|si\sapplicano)\spiu|non\ssono\spiu\svalide|annullate" +
        @"|esqueca\w*|esquece|nao\s(?:se\saplicam|valem)\smais|nao\ssao\smais\svalidas|ja\snao\s(?:valem|se\saplicam)" +
        @"|vergeet|negeer|negeren|vergeten|niet\slanger\s(?:van\stoepassing|geldig)|gelden\sniet\smeer|zijn\sniet\smeer\sgeldig" +
        @"|zignoruj\w*|ignoruj\w*|zapomnij\w*|pomin|odrzuc|juz\snie\sobowiazuj\w*|nie\sobowiazuj\w*\sjuz|przestan\sprzestrzegac" +
        @"|glom|ignorera|bortse\sfran|strunta\si|galler\sinte\slangre|inte\slangre\sgaller" +
        @"|unut\w*|yok\ssay\w*|gormezden\sgel\w*|dikkate\salma\w*|artik\sgecerli\sdegil\w*|gecersiz\w*" +
        @"|(?:про)?игнорир\w*|забуд\w*|не\sобращаи\w*\sвнимани\w*|отбрось\w*|больше\sне\s(?:деиству\w*|применя\w*|действительн\w*))\b" +
        @"|無視|忘れ|従わな|もう適用されな|適用されません|忽略|忽视|无视|忘记|忘掉|不再适用|不再有效|作废";

    // "previous / earlier / original instructions or rules" (adjective before or after the noun as the language has it).
    private const string PriorRules =
        @"\b(?:(?:previous|prior|earlier|original|initial|old|above|preceding)\s(?:\S+\s)?(?:instructions|rules|guidelines|directives|restrictions)" +
        @"|(?:instrucciones|reglas|normas|indicaciones|directrices|restricciones)\s(?:\S+\s)?(?:anteriores|previas|originales|de\santes|iniciales)" +
        @"|(?:instructions|regles|consignes|directives)\s(?:precedentes|anterieures|d'origine|initiales)" +
        @"|(?:fruheren|bisherigen|vorherigen|alten|ursprunglichen|obigen)\s(?:\S+\s)?(?:regeln|anweisungen|vorgaben|richtlinien|instruktionen)" +
        @"|(?:istruzioni|regole|direttive)\s(?:precedenti|di\sprima|originali|iniziali)" +
        @"|(?:instrucoes|regras|diretrizes|orientacoes)\s(?:anteriores|antigas|originais|iniciais)" +
        @"|(?:vorige|eerdere|voorgaande|oorspronkelijke|bovenstaande|oude)\s(?:instructies|regels|richtlijnen|opdrachten)" +
        @"|(?:poprzedni\w*|wczesniejsz\w*|dotychczasow\w*|powyzsz\w*|oryginaln\w*)\s(?:\S+\s)?(?:instrukcj\w*|zasad\w*|regu\w*|polecen\w*|wytyczn\w*)" +
        @"|(?:tidigare|foregaende|ursprungliga|ovanstaende)\s(?:instruktioner|regler|riktlinjer|direktiv)" +
        @"|(?:onceki|daha\sonceki|yukaridaki|orijinal|eski)\s(?:talimat\w*|kural\w*|yonerge\w*|komut\w*)" +
        @"|(?:предыдущ\w*|прежн\w*|ранее\s\S+|вышеуказанн\w*|исходн\w*|старые)\s(?:\S+\s)?(?:инструкци\w*|правил\w*|указани\w*|директив\w*|ограничени\w*))\b" +
        @"|(?:以前|前|これまで|上記|元|既存)の(?:指示|ルール|命令|規則|制約)|(?:之前|以前|先前|上面|上述|原来|原有)的?(?:指令|指示|规则|说明|设定|限制)";

    private const string SystemPrompt =
        @"\b(?:system\sprompt|system\smessage|prompt\s(?:del|de|di|do)\ssistema|prompt\ssysteme|systemprompt|system-prompt|systeemprompt|systeeminstructies" +
        @"|prompt\w*\ssystemow\w*|instrukcj\w*\ssystemow\w*|systeminstruktion\w*|sistem\s(?:istemi\w*|promptu\w*|talimat\w*|mesaj\w*)" +
        @"|системн\w*\s(?:промпт\w*|подсказ\w*|инструкци\w*|сообщени\w*))\b|システムプロンプト|システム指示|システムメッセージ|系统提示|系统指令|系統提示";

    private const string Reveal =
        @"\b(?:reveal|print|show|repeat|output|dump|revela\w*|muestra\w*|dime|montre\w*|affiche\w*|zeig\w*|gib|mostra\w*|rivela\w*|dimmi" +
        @"|toon|onthul|herhaal|laat\s\S+\szien|pokaz|ujawnij|wypisz|podaj|powtorz|wyswietl|visa|avsloja|skriv\sut|upprepa" +
        @"|goster\w*|yazdir\w*|tekrarla\w*|paylas\w*|покажи\w*|раскрои|выведи|напиши|повтори|сообщи)\b|教えて|表示して|出力して|見せて|開示|告诉我|显示|输出|打印|透露|泄露";

    private const string NoRestrictions =
        @"\b(?:(?:without|no)\s(?:any\s)?(?:restrictions|rules|filters|limits)|sin\s(?:ninguna\s)?(?:restricciones|reglas|filtros|limites)|sans\s(?:aucune\s)?(?:restrictions?|regles|filtres?|limites)" +
        @"|ohne\s(?:jegliche\s)?(?:einschrankungen|regeln|filter|grenzen)|senza\s(?:alcuna\s)?(?:restrizioni|regole|filtri|limiti)|sem\s(?:nenhuma\s)?(?:restricoes|regras|filtros|limites)" +
        @"|zonder\s(?:beperkingen|restricties|filters|regels)|bez\s(?:zadnych\s)?(?:ograniczen|filtrow|zasad)|utan\s(?:nagra\s)?(?:begransningar|restriktioner|filter|regler)" +
        @"|k[iı]s[iı]tlamas[iı]z|s[iı]n[iı]rs[iı]z|(?:kural|filtre|k[iı]s[iı]tlama)\w*\s(?:olmadan|yok)" +
        @"|без\s(?:каких-либо\s|всяких\s)?(?:ограничении|фильтров|правил|цензуры))\b" +
        @"|制限(?:なし|のない|を解除|なく)|制約なし|フィルターなし|没有(?:任何)?限制|不受(?:任何)?限制|无限制";

    private const string FromNowOn =
        @"\b(?:from\snow\son|a\spartir\sde\sahora|desde\sahora|desormais|a\spartir\sde\smaintenant|ab\sjetzt|von\snun\san|ab\ssofort|d'ora\sin\s(?:poi|avanti)|da\sora\sin\spoi" +
        @"|a\spartir\sde\sagora|daqui\sem\sdiante|vanaf\snu|voortaan|od\steraz|od\stej\schwili|fran\soch\smed\snu|fran\snu\s(?:av|pa)|bundan\sboyle|bundan\ssonra|su\sandan\sitibaren" +
        @"|с\sэтого\sмомента|отныне|теперь\sты)\b|今から|これから|今後|从现在开始|从现在起|今后";

    // One sentence: no sentence end in between (Latin or CJK full stops, newlines).
    private const string Gap = @"[^.!?。！？\n]{0,120}?";

    private static Regex R(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline, TimeSpan.FromMilliseconds(250));

    /// <summary>
    /// The structural intents with their weights per channel (user, document, tool output). All but the address share the
    /// name of the English signal for the same intent, so one intent found twice is one piece of evidence, not two.
    /// </summary>
    public static IReadOnlyList<InjectionSignal> All { get; } =
    [
        new(AddressedOverride, R($"(?:{Address}){Gap}(?:{Override}|{PriorRules}|{SystemPrompt}|{NoRestrictions}|{FromNowOn})"), 0.7, 0.8, 0.8),
        new(InjectionSignals.IgnoreInstructions, R($"(?:{Override}){Gap}(?:{PriorRules})|(?:{PriorRules}){Gap}(?:{Override})"), 0.75, 0.75, 0.75),
        new(InjectionSignals.PromptExtraction, R($"(?:{Reveal}){Gap}(?:{SystemPrompt})|(?:{SystemPrompt}){Gap}(?:{Reveal})"), 0.7, 0.7, 0.7),
        new(InjectionSignals.RoleOverride, R($"(?:{FromNowOn}){Gap}(?:{NoRestrictions})|(?:{NoRestrictions}){Gap}(?:{FromNowOn})"), 0.7, 0.7, 0.7),
    ];

    /// <summary>Lower case, single spaces, Latin and Cyrillic accents dropped (й→и), CJK and kana untouched.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var previous = ' ';
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && previous < '\u0530')
            {
                continue;
            }

            builder.Append(c);
            previous = c;
        }

        return SpaceRegex().Replace(builder.ToString().Normalize(NormalizationForm.FormC), " ").Replace('’', '\'');
    }

    [GeneratedRegex(@"[^\S\n]+")]
    private static partial Regex SpaceRegex();
}
