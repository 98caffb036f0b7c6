package dev.tailtalos.common.gotemplate;

import java.util.List;

/** A Go struct (or pointer to one) as template data: fields by Go name. */
public interface GoStruct {

    /** The Go type as Go prints it in errors, e.g. {@code *v1alpha1.Config}. */
    String goType();

    List<String> fieldNames();

    /** The field's value; only called for a name in {@link #fieldNames()}. */
    Object field(String name);

    /** What fmt prints between the braces, field by field (unexported fields included). */
    default List<Object> printedValues() {
        return fieldNames().stream().map(this::field).toList();
    }

    /** True for a Go method of the type, which tailtalos cannot call. */
    default boolean hasMethod(String name) {
        return false;
    }
}
