package org.parley.ingest.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lenient second pass for feeds a strict XML parser refuses: repairs the faults real feeds
 * commonly have without ever loading or expanding anything. A DOCTYPE is removed, not processed,
 * so no external entity is fetched and no entity is expanded; HTML entities the document never
 * declares are left to Rome's healer, which turns them into character references.
 */
final class XmlRepair {

    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE(?:[^\\[>]|\\[[^\\]]*\\])*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?![A-Za-z][A-Za-z0-9._-]{0,31};|#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};)");
    private static final Pattern TRUNCATED_END = Pattern.compile("</([A-Za-z][\\w:.-]*)\\s*$");
    private static final Pattern CDATA_OPEN = Pattern.compile("<!\\[CDATA\\[");

    private XmlRepair() {
    }

    /** The repaired text and what was repaired (for the feed's health record). */
    record Result(String text, List<String> repairs) {
    }

    static Result repair(String xml) {
        List<String> repairs = new ArrayList<>();
        String s = xml;
        int start = firstMarkup(s);
        if (start > 0) {
            s = s.substring(start);
            repairs.add("leading junk removed");
        }
        Matcher d = DOCTYPE.matcher(s);
        if (d.find()) {
            s = d.replaceAll("");
            repairs.add("DOCTYPE removed unprocessed");
        }
        String amp = escapeBareAmpersands(s);
        if (!amp.equals(s)) {
            s = amp;
            repairs.add("bare ampersands escaped");
        }
        Matcher t = TRUNCATED_END.matcher(s);
        if (t.find()) {
            s = s.substring(0, t.end()) + ">";
            repairs.add("truncated end tag closed");
        }
        return new Result(s, List.copyOf(repairs));
    }

    /** Where the document proper starts: the XML declaration, or the first element after comments. */
    private static int firstMarkup(String s) {
        int decl = s.indexOf("<?xml");
        if (decl > 0 && s.substring(0, decl).isBlank() || decl > 0 && s.substring(0, decl).strip().startsWith("<!--")) {
            return decl;
        }
        if (decl == 0) {
            return 0;
        }
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (s.startsWith("<!--", i)) {
                int end = s.indexOf("-->", i);
                if (end < 0) {
                    return 0;
                }
                i = end + 3;
            } else {
                return i;
            }
        }
        return 0;
    }

    /** Escapes ampersands that start no entity or character reference, outside CDATA sections. */
    private static String escapeBareAmpersands(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        int pos = 0;
        Matcher cdata = CDATA_OPEN.matcher(s);
        while (pos < s.length()) {
            int next = cdata.find(pos) ? cdata.start() : s.length();
            out.append(BARE_AMPERSAND.matcher(s.substring(pos, next)).replaceAll("&amp;"));
            if (next >= s.length()) {
                break;
            }
            int end = s.indexOf("]]>", next);
            int stop = end < 0 ? s.length() : end + 3;
            out.append(s, next, stop);
            pos = stop;
        }
        return out.toString();
    }
}
