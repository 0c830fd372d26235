package io.github.pontryagin.odenets.data;

/**
 * A data file that cannot be read as a {@link Dataset}: the message has the form
 * {@code source:line: what was wrong: 'offending text'} (the text cut to {@value #MAX_QUOTED} characters), and
 * the parts are available separately.
 * Unchecked because a malformed file is a wrong argument, not a failing device (those remain
 * {@link java.io.IOException}s).
 */
public class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int lineNumber;
    private final String lineText;

    /**
     * @param source     name of the file or stream
     * @param lineNumber 1-based line number, or 0 when the problem is not on one line
     * @param lineText   the offending line as read, or the empty string
     * @param problem    what was wrong and what would be accepted
     */
    public DataFormatException(String source, int lineNumber, String lineText, String problem) {
        super(source + ":" + (lineNumber > 0 ? lineNumber + ":" : "") + " " + cut(problem)
                + (lineText.isEmpty() ? "" : ": " + quote(lineText)));
        this.source = source;
        this.lineNumber = lineNumber;
        this.lineText = lineText;
    }

    /** Longest part of an offending line quoted in the message; longer lines are cut and their length given. */
    public static final int MAX_QUOTED = 120;

    /** The line in quotes, cut to {@link #MAX_QUOTED} characters with its length when longer. */
    static String quote(String line) {
        if (line.length() <= MAX_QUOTED) {
            return "'" + line + "'";
        }
        return "'" + line.substring(0, MAX_QUOTED) + "...' (" + line.length() + " characters)";
    }

    /** The problem cut to 2 × {@link #MAX_QUOTED} characters (it may quote a long field). */
    private static String cut(String problem) {
        return problem.length() <= 2 * MAX_QUOTED ? problem
                : problem.substring(0, 2 * MAX_QUOTED) + "... (" + problem.length() + " characters)";
    }

    /** @return the name of the file or stream */
    public String source() {
        return source;
    }

    /** @return the 1-based line number, or 0 when the problem is not on one line */
    public int lineNumber() {
        return lineNumber;
    }

    /** @return the offending line as read, or the empty string */
    public String lineText() {
        return lineText;
    }
}
