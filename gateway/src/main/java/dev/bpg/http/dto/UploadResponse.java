package dev.bpg.http.dto;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where an uploaded file is: {@code s3a://<bucket>/<key>}, for mainApplicationFile or deps. */
public record UploadResponse(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            example = "s3a://bpg-artifacts/uploads/20261202/0f3c…/my-job.jar")
        String url) {}
