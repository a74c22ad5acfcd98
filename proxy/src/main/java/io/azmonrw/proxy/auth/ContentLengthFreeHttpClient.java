package io.azmonrw.proxy.auth;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import reactor.core.publisher.Mono;

/**
 * azure-identity puts a Content-Length header on its token requests; java.net.http forbids setting it (it computes
 * the length from the body itself), so azure-core's JdkHttpClient dropped it with a WARN on every fetch. This drops it
 * first, which changes nothing on the wire and leaves that WARN for a header someone really wanted.
 */
final class ContentLengthFreeHttpClient implements HttpClient {
    private final HttpClient delegate;

    ContentLengthFreeHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    private static HttpRequest strip(HttpRequest request) {
        request.getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
        return request;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return delegate.send(strip(request));
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return delegate.send(strip(request), context);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        return delegate.sendSync(strip(request), context);
    }
}
