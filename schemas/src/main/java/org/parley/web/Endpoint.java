package org.parley.web;

import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a route is, for its clients: method, path, summary, parameters, what it answers with. A
 * route is registered on the {@link WebServer} together with its endpoint, so the OpenAPI
 * description is made from the same objects that route requests and cannot miss one.
 */
public final class Endpoint {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([A-Za-z]+)}");

    /** A query or path parameter: its type is "string", "integer" or "boolean"; values, when not empty, are all it accepts. */
    public record Param(String name, String in, String description, String type, List<String> values) {
    }

    private final HandlerType method;
    private final String path;
    private final String summary;
    private final String tag;
    private String description;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private Class<?> requestBody;
    private int status = 200;
    private Class<?> response;
    private final Map<String, String> otherMedia = new LinkedHashMap<>();
    private final List<Integer> errors = new ArrayList<>();
    private final List<Integer> sameBody = new ArrayList<>();
    private boolean admin;
    private boolean open;

    private Endpoint(HandlerType method, String path, String tag, String summary) {
        this.method = method;
        this.path = path;
        this.tag = tag;
        this.summary = summary;
        Matcher m = PATH_PARAM.matcher(path);
        while (m.find()) {
            params.put(m.group(1), new Param(m.group(1), "path", null, "string", List.of()));
        }
    }

    public static Endpoint get(String tag, String path, String summary) {
        return new Endpoint(HandlerType.GET, path, tag, summary);
    }

    public static Endpoint post(String tag, String path, String summary) {
        return new Endpoint(HandlerType.POST, path, tag, summary);
    }

    public static Endpoint delete(String tag, String path, String summary) {
        return new Endpoint(HandlerType.DELETE, path, tag, summary);
    }

    public Endpoint description(String text) {
        this.description = text;
        return this;
    }

    /** Describes a parameter in the path. */
    public Endpoint path(String name, String text) {
        if (!params.containsKey(name) || !params.get(name).in().equals("path")) {
            throw new IllegalArgumentException(path + " has no path parameter " + name);
        }
        params.put(name, new Param(name, "path", text, "string", List.of()));
        return this;
    }

    public Endpoint query(String name, String text) {
        return query(name, "string", text);
    }

    public Endpoint query(String name, String type, String text, String... values) {
        params.put(name, new Param(name, "query", text, type, List.of(values)));
        return this;
    }

    /** A JSON request body of this record type. */
    public Endpoint accepts(Class<?> body) {
        this.requestBody = body;
        return this;
    }

    /** Answers {@code status} with a JSON body of this record type, or none when the type is null. */
    public Endpoint returns(int status, Class<?> body) {
        this.status = status;
        this.response = body;
        return this;
    }

    public Endpoint returns(Class<?> body) {
        return returns(200, body);
    }

    /** Also answers in another media type, or (with no JSON response) only in it. */
    public Endpoint produces(String mediaType, String text) {
        otherMedia.put(mediaType, text);
        return this;
    }

    /** Other statuses it answers with the same body as its success (a health check that is down, say). */
    public Endpoint alsoReturns(int... statuses) {
        for (int s : statuses) {
            sameBody.add(s);
        }
        return this;
    }

    public List<Integer> alsoReturns() {
        return List.copyOf(sameBody);
    }

    /** The error statuses it may answer besides 400 for a bad parameter. */
    public Endpoint errors(int... statuses) {
        for (int s : statuses) {
            errors.add(s);
        }
        return this;
    }

    /** Needs the admin token, whether or not reads need the API token. */
    public Endpoint admin() {
        this.admin = true;
        return this;
    }

    /** Needs no token at all, even when the API token is set (the description, metrics). */
    public Endpoint open() {
        this.open = true;
        return this;
    }

    public HandlerType method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String tag() {
        return tag;
    }

    public String summary() {
        return summary;
    }

    public String description() {
        return description;
    }

    public List<Param> params() {
        return List.copyOf(params.values());
    }

    public Class<?> requestBody() {
        return requestBody;
    }

    public int status() {
        return status;
    }

    public Class<?> response() {
        return response;
    }

    public Map<String, String> otherMedia() {
        return Collections.unmodifiableMap(otherMedia);
    }

    public List<Integer> errors() {
        return List.copyOf(errors);
    }

    public boolean isAdmin() {
        return admin;
    }

    public boolean isOpen() {
        return open;
    }
}
