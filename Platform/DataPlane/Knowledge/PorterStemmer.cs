namespace AiNative.Platform.DataPlane.Knowledge;

/// <summary>
/// Martin Porter's 1980 stemming algorithm (the one SQLite FTS5's <c>porter</c> tokenizer applies), so the in-memory BM25
/// index matches the same word forms the FTS5 index did: "refunds", "refunded" and "refunding" all become "refund".
/// </summary>
internal static class PorterStemmer
{
    /// <summary>The stem of a lower-case word; words shorter than 3 characters, or with non-ASCII letters, are returned as they are.</summary>
    public static string Stem(string word)
    {
        if (word.Length < 3 || word.Length > 64)
        {
            return word;
        }

        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return word;
            }
        }

        var s = new Stemming(word);
        s.Step1Ab();
        s.Step1C();
        s.Step2();
        s.Step3();
        s.Step4();
        s.Step5();
        return s.Result;
    }

    private sealed class Stemming(string word)
    {
        private readonly char[] b = word.ToCharArray();
        private int k = word.Length - 1; // end of the current stem (inclusive)
        private int j; // end of the stem before a matched suffix

        public string Result => new(b, 0, k + 1);

        public void Step1Ab()
        {
            if (b[k] == 's')
            {
                if (Ends("sses"))
                {
                    k -= 2;
                }
                else if (Ends("ies"))
                {
                    SetTo("i");
                }
                else if (b[k - 1] != 's')
                {
                    k--;
                }
            }

            if (Ends("eed"))
            {
                if (M() > 0)
                {
                    k--;
                }
            }
            else if ((Ends("ed") || Ends("ing")) && VowelInStem())
            {
                k = j;
                if (Ends("at"))
                {
                    SetTo("ate");
                }
                else if (Ends("bl"))
                {
                    SetTo("ble");
                }
                else if (Ends("iz"))
                {
                    SetTo("ize");
                }
                else if (DoubleConsonant(k))
                {
                    if (b[k] is not ('l' or 's' or 'z'))
                    {
                        k--;
                    }
                }
                else if (M() == 1 && Cvc(k))
                {
                    SetTo("e");
                }
            }
        }

        public void Step1C()
        {
            if (Ends("y") && VowelInStem())
            {
                b[k] = 'i';
            }
        }

        public void Step2()
        {
            if (k == 0)
            {
                return;
            }

            string[][] rules = b[k - 1] switch
            {
                'a' => [["ational", "ate"], ["tional", "tion"]],
                'c' => [["enci", "ence"], ["anci", "ance"]],
                'e' => [["izer", "ize"]],
                'l' => [["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"]],
                'o' => [["ization", "ize"], ["ation", "ate"], ["ator", "ate"]],
                's' => [["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"]],
                't' => [["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]],
                'g' => [["logi", "log"]],
                _ => [],
            };
            ApplyFirst(rules, 0);
        }

        public void Step3()
        {
            string[][] rules = b[k] switch
            {
                'e' => [["icate", "ic"], ["ative", ""], ["alize", "al"]],
                'i' => [["iciti", "ic"]],
                'l' => [["ical", "ic"], ["ful", ""]],
                's' => [["ness", ""]],
                _ => [],
            };
            ApplyFirst(rules, 0);
        }

        public void Step4()
        {
            if (k == 0)
            {
                return;
            }

            string[] suffixes = b[k - 1] switch
            {
                'a' => ["al"],
                'c' => ["ance", "ence"],
                'e' => ["er"],
                'i' => ["ic"],
                'l' => ["able", "ible"],
                'n' => ["ant", "ement", "ment", "ent"],
                'o' => ["ion", "ou"],
                's' => ["ism"],
                't' => ["ate", "iti"],
                'u' => ["ous"],
                'v' => ["ive"],
                'z' => ["ize"],
                _ => [],
            };
            foreach (var suffix in suffixes)
            {
                if (!Ends(suffix))
                {
                    continue;
                }

                // "ion" goes only after s or t.
                if (suffix == "ion" && (j < 0 || b[j] is not ('s' or 't')))
                {
                    return;
                }

                if (M() > 1)
                {
                    k = j;
                }

                return;
            }
        }

        public void Step5()
        {
            j = k;
            if (b[k] == 'e')
            {
                var m = M();
                if (m > 1 || (m == 1 && !Cvc(k - 1)))
                {
                    k--;
                }
            }

            if (b[k] == 'l' && DoubleConsonant(k) && M() > 1)
            {
                k--;
            }
        }

        private void ApplyFirst(string[][] rules, int minimumMeasure)
        {
            foreach (var rule in rules)
            {
                if (Ends(rule[0]))
                {
                    if (M() > minimumMeasure)
                    {
                        SetTo(rule[1]);
                    }

                    return;
                }
            }
        }

        private bool Consonant(int i) => b[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !Consonant(i - 1),
            _ => true,
        };

        /// <summary>The number of vowel-consonant sequences in b[0..j].</summary>
        private int M()
        {
            var n = 0;
            var i = 0;
            while (true)
            {
                if (i > j)
                {
                    return n;
                }

                if (!Consonant(i))
                {
                    break;
                }

                i++;
            }

            i++;
            while (true)
            {
                while (true)
                {
                    if (i > j)
                    {
                        return n;
                    }

                    if (Consonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
                n++;
                while (true)
                {
                    if (i > j)
                    {
                        return n;
                    }

                    if (!Consonant(i))
                    {
                        break;
                    }

                    i++;
                }

                i++;
            }
        }

        private bool VowelInStem()
        {
            for (var i = 0; i <= j; i++)
            {
                if (!Consonant(i))
                {
                    return true;
                }
            }

            return false;
        }

        private bool DoubleConsonant(int i) => i >= 1 && b[i] == b[i - 1] && Consonant(i);

        /// <summary>consonant-vowel-consonant ending at i, the last consonant not w, x or y (e.g. "hop", not "snow").</summary>
        private bool Cvc(int i) =>
            i >= 2 && Consonant(i) && !Consonant(i - 1) && Consonant(i - 2) && b[i] is not ('w' or 'x' or 'y');

        private bool Ends(string suffix)
        {
            var length = suffix.Length;
            var offset = k - length + 1;
            if (offset < 0)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (b[offset + i] != suffix[i])
                {
                    return false;
                }
            }

            j = k - length;
            return true;
        }

        private void SetTo(string replacement)
        {
            var offset = j + 1;
            for (var i = 0; i < replacement.Length; i++)
            {
                b[offset + i] = replacement[i];
            }

            k = j + replacement.Length;
        }
    }
}
