package portal.esanalysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;

/** Token filters under the names Elasticsearch's analysis-common gives them. */
public final class Filters {
    private Filters() {}

    @AnalysisSettings
    public interface PreserveOriginal {
        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    @AnalysisSettings
    public interface Bigram {
        @BooleanSetting(path = "output_unigrams", defaultValue = false)
        boolean outputUnigrams();
    }

    @NamedComponent("asciifolding")
    public static class AsciiFolding implements TokenFilterFactory {
        private final boolean preserveOriginal;

        @Inject
        public AsciiFolding(PreserveOriginal settings) {
            this.preserveOriginal = settings.preserveOriginal();
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new ASCIIFoldingFilter(in, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return new ASCIIFoldingFilter(in, false);
        }
    }

    @NamedComponent("ngram")
    public static class NGram implements TokenFilterFactory {
        private final NGramSettings settings;

        @Inject
        public NGram(NGramSettings settings) {
            this.settings = settings;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new NGramTokenFilter(in, settings.minGram(), settings.maxGram(), settings.preserveOriginal());
        }
    }

    @NamedComponent("edge_ngram")
    public static class EdgeNGram implements TokenFilterFactory {
        private final NGramSettings settings;

        @Inject
        public EdgeNGram(NGramSettings settings) {
            this.settings = settings;
        }

        @Override
        public TokenStream create(TokenStream in) {
            return new EdgeNGramTokenFilter(in, settings.minGram(), settings.maxGram(), settings.preserveOriginal());
        }
    }

    /** Full-width Latin and digits to ASCII, half-width katakana to full width. */
    @NamedComponent("cjk_width")
    public static class CjkWidth implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream in) {
            return new CJKWidthFilter(in);
        }

        @Override
        public TokenStream normalize(TokenStream in) {
            return new CJKWidthFilter(in);
        }
    }

    @NamedComponent("cjk_bigram")
    public static class CjkBigram implements TokenFilterFactory {
        private final boolean outputUnigrams;

        @Inject
        public CjkBigram(Bigram settings) {
            this.outputUnigrams = settings.outputUnigrams();
        }

        @Override
        public TokenStream create(TokenStream in) {
            int all = CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL;
            return new CJKBigramFilter(in, all, outputUnigrams);
        }
    }
}
