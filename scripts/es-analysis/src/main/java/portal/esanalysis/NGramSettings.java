package portal.esanalysis;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.ListSetting;

import java.util.List;

/** Settings of the ngram and edge_ngram tokenizers and filters, as Elasticsearch names them. */
@AnalysisSettings
public interface NGramSettings {
    @IntSetting(path = "min_gram", defaultValue = 1)
    int minGram();

    @IntSetting(path = "max_gram", defaultValue = 2)
    int maxGram();

    /** letter, digit, whitespace, punctuation, symbol; empty: every character. */
    @ListSetting(path = "token_chars")
    List<String> tokenChars();

    @BooleanSetting(path = "preserve_original", defaultValue = false)
    boolean preserveOriginal();
}
