package org.parley.ingest.extract;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.ingest.feed.FeedException;
import org.parley.ingest.feed.Fetched;
import org.parley.ingest.feed.SourceFetcher;
import org.parley.ingest.poll.PageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the page behind a feed item that carries only a summary and extracts its article text,
 * waiting a polite minimum delay between requests to one host.
 */
public final class LinkedPageReader implements PageReader {

    private static final Logger LOG = LoggerFactory.getLogger(LinkedPageReader.class);
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([\\w.:-]+)", Pattern.CASE_INSENSITIVE);

    private final SourceFetcher fetcher;
    private final PageExtractor extractor = new PageExtractor();
    private final Duration perHostDelay;
    private final Map<String, Long> hostFree = new HashMap<>();

    public LinkedPageReader(SourceFetcher fetcher, Duration perHostDelay) {
        this.fetcher = fetcher;
        this.perHostDelay = perHostDelay;
    }

    @Override
    public Optional<PageText> read(String url) {
        try {
            waitForHost(URI.create(url).getHost());
            Fetched page = fetcher.fetch(url);
            String html = new String(page.body(), charset(page.contentType()));
            return extractor.extract(html, url).map(e -> new PageText(e.text(), e.extractor(), e.language()));
        } catch (FeedException | IllegalArgumentException e) {
            LOG.info("linked page {} not read: {}", url, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void waitForHost(String host) throws InterruptedException {
        if (host == null) {
            return;
        }
        long wait;
        synchronized (hostFree) {
            long now = System.currentTimeMillis();
            long free = Math.max(now, hostFree.getOrDefault(host, now));
            hostFree.put(host, free + perHostDelay.toMillis());
            wait = free - now;
        }
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            Matcher m = CHARSET.matcher(contentType);
            if (m.find()) {
                try {
                    return Charset.forName(m.group(1));
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
