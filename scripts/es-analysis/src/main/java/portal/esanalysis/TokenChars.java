package portal.esanalysis;

import java.util.List;
import java.util.Locale;

/** Elasticsearch's token_chars classes for the n-gram tokenizers. */
final class TokenChars {
    private static final int LETTER = 1, DIGIT = 2, WHITESPACE = 4, PUNCTUATION = 8, SYMBOL = 16;
    private final int classes;

    TokenChars(List<String> names) {
        int c = 0;
        for (String name : names) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "letter" -> c |= LETTER;
                case "digit" -> c |= DIGIT;
                case "whitespace" -> c |= WHITESPACE;
                case "punctuation" -> c |= PUNCTUATION;
                case "symbol" -> c |= SYMBOL;
                default -> throw new IllegalArgumentException("Unknown token type: '" + name
                    + "', must be one of [letter, digit, whitespace, punctuation, symbol]");
            }
        }
        classes = c;
    }

    boolean isTokenChar(int ch) {
        if (classes == 0) {
            return true;
        }
        if ((classes & LETTER) != 0 && Character.isLetter(ch)) return true;
        if ((classes & DIGIT) != 0 && Character.isDigit(ch)) return true;
        if ((classes & WHITESPACE) != 0 && Character.isWhitespace(ch)) return true;
        int type = Character.getType(ch);
        if ((classes & PUNCTUATION) != 0) {
            switch (type) {
                case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> {
                    return true;
                }
                default -> {
                }
            }
        }
        if ((classes & SYMBOL) != 0) {
            switch (type) {
                case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }
}
