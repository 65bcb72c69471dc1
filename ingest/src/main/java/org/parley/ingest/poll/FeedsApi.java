package org.parley.ingest.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.parley.web.Endpoint;
import org.parley.web.HttpError;
import org.parley.web.Nullable;
import org.parley.web.WebServer;

/**
 * The feeds API: read the feeds and their health, and (with the admin token) add, remove and
 * resume feeds while Parley runs. Admin calls need {@code Authorization: Bearer TOKEN}; without
 * a configured admin token they are refused.
 */
public final class FeedsApi {

    private static final String TAG = "feeds";
    private static final int MAX_BODY = 16 * 1024;

    @Schema(name = "Feed", description = "A feed and its health.")
    public record FeedBody(String id, String url, @Nullable String name,
                           @Schema(description = "OK, FAILING or PARKED") String status,
                           @Nullable String lastPoll, @Nullable String lastSuccess, @Nullable String lastErrorType,
                           @Nullable String lastError, @Nullable String lastErrorAt, int consecutiveFailures,
                           @Schema(description = "Failures weighed by kind; the feed is parked past a threshold") int failureScore,
                           @Nullable String nextPoll, long intervalSeconds, int lastItems, int lastNewArticles, long totalArticles,
                           @Schema(description = "Repairs made to the feed's XML before it parsed") List<String> repairs) {

        static FeedBody of(FeedHealth h) {
            return new FeedBody(h.id(), h.url(), h.name(), h.status(), str(h.lastPoll()), str(h.lastSuccess()), h.lastErrorType(),
                    h.lastError(), str(h.lastErrorAt()), h.consecutiveFailures(), h.failureScore(), str(h.nextPoll()),
                    h.interval().toSeconds(), h.lastItems(), h.lastNewArticles(), h.totalArticles(), h.repairs());
        }

        private static String str(Instant t) {
            return t == null ? null : t.toString();
        }
    }

    @Schema(name = "FeedList")
    public record Feeds(List<FeedBody> feeds) {
    }

    @Schema(description = "A feed to add: an http(s) URL, optionally a name and a poll interval (10m, 1h...).")
    public record NewFeed(String url, @Nullable String name, @Nullable String interval) {
    }

    private final FeedPoller poller;
    private final ObjectMapper json = new ObjectMapper();

    public FeedsApi(FeedPoller poller) {
        this.poller = poller;
    }

    /** Puts the feeds routes on the server. */
    public FeedsApi mount(WebServer web) {
        web.route(Endpoint.get(TAG, "/api/feeds", "Every feed's health")
                .query("format", "string", "opml for the list as OPML", "json", "opml")
                .returns(Feeds.class).produces("text/x-opml", "The feeds as OPML"), this::list);
        web.route(Endpoint.get(TAG, "/api/feeds/{id}", "One feed's health").path("id", "The feed's id")
                .returns(FeedBody.class).errors(404), ctx -> ctx.json(FeedBody.of(poller.health(id(ctx))
                        .orElseThrow(() -> HttpError.notFound("no feed " + id(ctx))))));
        web.route(Endpoint.post(TAG, "/api/feeds", "Add a feed (admin)").accepts(NewFeed.class).returns(201, FeedBody.class)
                .errors(413).admin(), this::add);
        web.route(Endpoint.delete(TAG, "/api/feeds/{id}", "Remove a feed (admin)").path("id", "The feed's id")
                .returns(204, null).errors(404).admin(), ctx -> {
                    if (!poller.remove(id(ctx))) {
                        throw HttpError.notFound("no feed " + id(ctx));
                    }
                    ctx.status(204);
                });
        web.route(Endpoint.post(TAG, "/api/feeds/{id}/resume", "Take a parked feed back (admin)").path("id", "The feed's id")
                .returns(FeedBody.class).errors(404).admin(), ctx -> {
                    if (!poller.resume(id(ctx))) {
                        throw HttpError.notFound("no feed " + id(ctx));
                    }
                    ctx.json(FeedBody.of(poller.health(id(ctx)).orElseThrow()));
                });
        return this;
    }

    private void list(Context ctx) {
        if ("opml".equals(ctx.queryParam("format"))) {
            List<FeedSpec> specs = poller.health().stream().map(h -> new FeedSpec(h.url(), h.name(), null)).toList();
            ctx.contentType("text/x-opml; charset=utf-8").result(FeedList.toOpml(specs));
        } else {
            ctx.json(new Feeds(poller.health().stream().map(FeedBody::of).toList()));
        }
    }

    private void add(Context ctx) {
        if (ctx.contentLength() > MAX_BODY) {
            throw new HttpError(413, "request body larger than " + MAX_BODY + " bytes");
        }
        NewFeed req;
        try {
            req = json.readValue(ctx.bodyAsBytes(), NewFeed.class);
        } catch (IOException e) {
            throw HttpError.badRequest("body is not JSON {\"url\": ..., \"name\": ..., \"interval\": ...}");
        }
        if (req == null || req.url() == null) {
            throw HttpError.badRequest("body needs a \"url\"");
        }
        String url = req.url().strip();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            // Only web feeds can be added over HTTP: reading server files is for the operator's command line.
            throw HttpError.badRequest("url must be http:// or https://");
        }
        FeedSpec spec;
        try {
            spec = new FeedSpec(url, req.name(), req.interval() == null ? null : FeedList.Durations.parse(req.interval()));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        ctx.status(201).json(FeedBody.of(poller.add(spec)));
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[0-9a-f]{1,16}")) {
            throw HttpError.notFound("no feed " + id);
        }
        return id;
    }
}
