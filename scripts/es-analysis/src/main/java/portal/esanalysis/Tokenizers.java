package portal.esanalysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;

/** Tokenizers under the names Elasticsearch's analysis-common, analysis-smartcn and analysis-icu give them. */
public final class Tokenizers {
    private Tokenizers() {}

    @NamedComponent("ngram")
    public static class NGram implements TokenizerFactory {
        private final NGramSettings settings;
        private final TokenChars chars;

        @Inject
        public NGram(NGramSettings settings) {
            this.settings = settings;
            this.chars = new TokenChars(settings.tokenChars());
        }

        @Override
        public Tokenizer create() {
            return new NGramTokenizer(settings.minGram(), settings.maxGram()) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.isTokenChar(chr);
                }
            };
        }
    }

    @NamedComponent("edge_ngram")
    public static class EdgeNGram implements TokenizerFactory {
        private final NGramSettings settings;
        private final TokenChars chars;

        @Inject
        public EdgeNGram(NGramSettings settings) {
            this.settings = settings;
            this.chars = new TokenChars(settings.tokenChars());
        }

        @Override
        public Tokenizer create() {
            return new EdgeNGramTokenizer(settings.minGram(), settings.maxGram()) {
                @Override
                protected boolean isTokenChar(int chr) {
                    return chars.isTokenChar(chr);
                }
            };
        }
    }

    @NamedComponent("whitespace")
    public static class Whitespace implements TokenizerFactory {
        @Override
        public Tokenizer create() {
            return new WhitespaceTokenizer();
        }
    }

    @NamedComponent("keyword")
    public static class Keyword implements TokenizerFactory {
        @Override
        public Tokenizer create() {
            return new KeywordTokenizer();
        }
    }

    /** analysis-smartcn's tokenizer: Lucene's HMM Chinese word segmenter. */
    @NamedComponent("smartcn_tokenizer")
    public static class SmartCn implements TokenizerFactory {
        @Override
        public Tokenizer create() {
            return new HMMChineseTokenizer();
        }
    }

    /** analysis-icu's tokenizer with its default (dictionary-based CJ word breaking) configuration. */
    @NamedComponent("icu_tokenizer")
    public static class Icu implements TokenizerFactory {
        @Override
        public Tokenizer create() {
            return new ICUTokenizer();
        }
    }
}
