package org.xiangtu.store;

/** A request the service cannot answer as asked; names the parameter or field at fault. */
public class InvalidQueryException extends RuntimeException {
    private final String parameter;

    public InvalidQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The query parameter, path segment or field that is wrong. */
    public String parameter() {
        return parameter;
    }
}
