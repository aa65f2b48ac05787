package dev.peapod.apiserver;

/**
 * One {@code columnDefinitions} entry of a meta.k8s.io Table (metav1.TableColumnDefinition): every
 * field is always written, priority 1 marks the {@code -o wide} extras.
 */
record TableColumn(String name, String type, String format, String description, int priority) {

    static TableColumn column(String name, String type, String description) {
        return new TableColumn(name, type, "", description, 0);
    }

    static TableColumn wide(String name, String type, String description) {
        return new TableColumn(name, type, "", description, 1);
    }

    /** The Name column every printer opens with: format "name", ObjectMeta's description. */
    static TableColumn nameColumn() {
        return new TableColumn("Name", "string", "name", ColumnDocs.NAME, 0);
    }

    /** The Age column: a duration string from metadata.creationTimestamp. */
    static TableColumn ageColumn() {
        return column("Age", "string", ColumnDocs.CREATION_TIMESTAMP);
    }
}
