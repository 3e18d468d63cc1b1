package portal.esanalysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzers under the names Elasticsearch's analysis-common and analysis-smartcn give them. */
public final class Analyzers {
    private Analyzers() {}

    @NamedComponent("cjk")
    public static class Cjk implements AnalyzerFactory {
        @Override
        public Analyzer create() {
            return new CJKAnalyzer();
        }
    }

    @NamedComponent("smartcn")
    public static class SmartCn implements AnalyzerFactory {
        @Override
        public Analyzer create() {
            return new SmartChineseAnalyzer();
        }
    }
}
