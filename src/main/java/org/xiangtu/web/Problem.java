package org.xiangtu.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}. {@code parameter} names
 * the query parameter, path segment or field at fault, when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String parameter) {
    public static final String CONTENT_TYPE = "application/problem+json; charset=utf-8";
    public static final String INVALID_PARAMETER = "urn:xiangtu:problem:invalid-parameter";
}
