module tailtalos/v1alpha1-fields

go 1.22
