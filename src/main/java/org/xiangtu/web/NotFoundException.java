package org.xiangtu.web;

/** The thing a path names does not exist; mapped to 404. */
public class NotFoundException extends RuntimeException {
    private final String parameter;

    public NotFoundException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
