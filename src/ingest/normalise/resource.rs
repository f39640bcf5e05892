//! The `resource` part of a native finding: the affected resources of every type GuardDuty
//! reports, with their display names, attributes and tags.

use crate::model::{Finding, Resource, ResourceKind, Tag, Text};

use super::{is_placeholder, push_unique, Context};
use crate::ingest::lenient;
use crate::ingest::wire;

pub(super) fn add_resource(finding: &mut Finding, resource: Resource) {
    if !finding
        .resources
        .iter()
        .any(|r| r.kind == resource.kind && r.id == resource.id)
    {
        finding.resources.push(resource);
    }
}

fn add_tags(
    finding: &mut Finding,
    tags: &lenient::List<lenient::Obj<wire::Tag>>,
    cx: &mut Context<'_>,
) {
    for tag in tags.0.iter().filter_map(lenient::Obj::get) {
        let Some(key) = tag.key.get().or(tag.name.get()) else {
            continue;
        };
        let tag = Tag {
            key: cx.text(key),
            value: cx.text(tag.value.get().unwrap_or_default()),
        };
        push_unique(&mut finding.tags, tag);
    }
}

fn name_tag<'t>(tags: &'t lenient::List<lenient::Obj<wire::Tag<'_>>>) -> Option<&'t str> {
    tags.0
        .iter()
        .filter_map(lenient::Obj::get)
        .find(|t| t.key.get() == Some("Name"))
        .and_then(|t| t.value.get())
}

/// Builds attribute pairs, skipping absent values.
fn attributes(pairs: &[(&str, Option<&str>)], cx: &mut Context<'_>) -> Vec<(Text, Text)> {
    pairs
        .iter()
        .filter_map(|(name, value)| {
            let value = value.map(str::trim).filter(|v| !v.is_empty())?;
            Some((cx.text(name), cx.text(value)))
        })
        .collect()
}

/// The resource's own name at the end of an ARN (`snap-…`, `ami-…`, `vol-…`, a recovery point
/// or guardrail id), shown in the graph and table where the full ARN would be cut to its
/// uninformative start; `None` for text that is not an ARN.
pub(super) fn arn_short_name(arn: Option<&str>) -> Option<&str> {
    let arn = arn?.trim();
    if !arn.starts_with("arn:") {
        return None;
    }
    arn.rsplit(['/', ':'])
        .next()
        .filter(|name| !name.is_empty())
}

fn simple(
    finding: &mut Finding,
    kind: ResourceKind,
    id: Option<&str>,
    display: Option<&str>,
    attrs: Vec<(Text, Text)>,
    cx: &mut Context<'_>,
) {
    if let Some(id) = cx.opt(id) {
        let display_name = cx.opt(display);
        add_resource(
            finding,
            Resource {
                kind,
                id,
                display_name,
                attributes: attrs,
            },
        );
    }
}

pub(super) fn apply_resource(
    finding: &mut Finding,
    resource: &wire::Resource,
    cx: &mut Context<'_>,
) {
    finding.resource_type = cx.opt(resource.resource_type.get());
    let mut placeholder = false;
    if let Some(instance) = resource.instance_details.get() {
        placeholder |= is_placeholder(instance.instance_id.get());
        let interface = instance
            .network_interfaces
            .0
            .iter()
            .find_map(lenient::Obj::get);
        let attrs = attributes(
            &[
                ("Instance type", instance.instance_type.get()),
                ("Image", instance.image_id.get()),
                ("State", instance.instance_state.get()),
                ("Platform", instance.platform.get()),
                ("Availability zone", instance.availability_zone.get()),
                ("Public IP", interface.and_then(|i| i.public_ip.get())),
                (
                    "Private IP",
                    interface.and_then(|i| i.private_ip_address.get()),
                ),
                ("VPC", interface.and_then(|i| i.vpc_id.get())),
            ],
            cx,
        );
        let display = name_tag(&instance.tags);
        simple(
            finding,
            ResourceKind::Instance,
            instance.instance_id.get(),
            display,
            attrs,
            cx,
        );
        add_tags(finding, &instance.tags, cx);
    }
    if let Some(key) = resource.access_key_details.get() {
        placeholder |= is_placeholder(key.access_key_id.get());
        let attrs = attributes(
            &[
                ("Principal id", key.principal_id.get()),
                ("User name", key.user_name.get()),
                ("User type", key.user_type.get()),
            ],
            cx,
        );
        let id = key.access_key_id.get().or(key.principal_id.get());
        simple(
            finding,
            ResourceKind::AccessKey,
            id,
            key.user_name.get(),
            attrs,
            cx,
        );
    }
    for bucket in resource
        .s3_bucket_details
        .0
        .iter()
        .filter_map(lenient::Obj::get)
    {
        placeholder |= is_placeholder(bucket.name.get());
        let attrs = attributes(
            &[("ARN", bucket.arn.get()), ("Type", bucket.kind.get())],
            cx,
        );
        let id = bucket.name.get().or(bucket.arn.get());
        simple(finding, ResourceKind::S3Bucket, id, None, attrs, cx);
        add_tags(finding, &bucket.tags, cx);
        for object in bucket
            .s3_object_details
            .0
            .iter()
            .filter_map(lenient::Obj::get)
        {
            let attrs = attributes(&[("Version", object.version_id.get())], cx);
            let id = object.object_arn.get().or(object.key.get());
            simple(
                finding,
                ResourceKind::S3Object,
                id,
                object.key.get(),
                attrs,
                cx,
            );
        }
    }
    if let Some(cluster) = resource.eks_cluster_details.get() {
        let attrs = attributes(
            &[
                ("ARN", cluster.arn.get()),
                ("VPC", cluster.vpc_id.get()),
                ("Status", cluster.status.get()),
            ],
            cx,
        );
        let id = cluster.name.get().or(cluster.arn.get());
        simple(finding, ResourceKind::EksCluster, id, None, attrs, cx);
        add_tags(finding, &cluster.tags, cx);
    }
    if let Some(kubernetes) = resource.kubernetes_details.get() {
        if let Some(user) = kubernetes.kubernetes_user_details.get() {
            let groups: Vec<&str> = user.groups.0.iter().filter_map(lenient::Str::get).collect();
            let groups = groups.join(", ");
            let attrs = attributes(
                &[
                    ("Kind", Some("Kubernetes user")),
                    ("Uid", user.uid.get()),
                    ("Groups", Some(groups.as_str())),
                ],
                cx,
            );
            let id = user.username.get().or(user.uid.get());
            simple(
                finding,
                ResourceKind::Other,
                id,
                user.username.get(),
                attrs,
                cx,
            );
        }
        if let Some(workload) = kubernetes.kubernetes_workload_details.get() {
            let attrs = attributes(
                &[
                    ("Type", workload.kind.get()),
                    ("Namespace", workload.namespace.get()),
                    ("Uid", workload.uid.get()),
                ],
                cx,
            );
            let id = workload.uid.get().or(workload.name.get());
            simple(
                finding,
                ResourceKind::KubernetesWorkload,
                id,
                workload.name.get(),
                attrs,
                cx,
            );
        }
    }
    if let Some(cluster) = resource.ecs_cluster_details.get() {
        let attrs = attributes(
            &[
                ("Name", cluster.name.get()),
                ("Status", cluster.status.get()),
            ],
            cx,
        );
        let id = cluster.arn.get().or(cluster.name.get());
        simple(
            finding,
            ResourceKind::EcsCluster,
            id,
            cluster.name.get(),
            attrs,
            cx,
        );
        add_tags(finding, &cluster.tags, cx);
        if let Some(task) = cluster.task_details.get() {
            let attrs = attributes(
                &[
                    ("Definition", task.definition_arn.get()),
                    ("Launch type", task.launch_type.get()),
                ],
                cx,
            );
            simple(
                finding,
                ResourceKind::EcsTask,
                task.arn.get(),
                None,
                attrs,
                cx,
            );
            add_tags(finding, &task.tags, cx);
        }
    }
    if let Some(container) = resource.container_details.get() {
        let attrs = attributes(
            &[
                ("Image", container.image.get()),
                ("Runtime", container.container_runtime.get()),
            ],
            cx,
        );
        let id = container.id.get().or(container.name.get());
        simple(
            finding,
            ResourceKind::Container,
            id,
            container.name.get(),
            attrs,
            cx,
        );
    }
    if let Some(db) = resource.rds_db_instance_details.get() {
        let attrs = attributes(
            &[
                ("Engine", db.engine.get()),
                ("Engine version", db.engine_version.get()),
                ("Cluster", db.db_cluster_identifier.get()),
                ("ARN", db.db_instance_arn.get()),
            ],
            cx,
        );
        let id = db.db_instance_identifier.get().or(db.db_instance_arn.get());
        simple(finding, ResourceKind::RdsDbInstance, id, None, attrs, cx);
        add_tags(finding, &db.tags, cx);
    }
    if let Some(db) = resource.rds_limitless_db_details.get() {
        let attrs = attributes(
            &[
                ("Engine", db.engine.get()),
                ("Cluster", db.db_cluster_identifier.get()),
                ("ARN", db.db_shard_group_arn.get()),
            ],
            cx,
        );
        let id = db
            .db_shard_group_identifier
            .get()
            .or(db.db_shard_group_arn.get());
        simple(finding, ResourceKind::RdsDbInstance, id, None, attrs, cx);
        add_tags(finding, &db.tags, cx);
    }
    if let Some(user) = resource.rds_db_user_details.get() {
        let attrs = attributes(
            &[
                ("Application", user.application.get()),
                ("Database", user.database.get()),
                ("Authentication", user.auth_method.get()),
            ],
            cx,
        );
        simple(
            finding,
            ResourceKind::RdsDbUser,
            user.user.get(),
            None,
            attrs,
            cx,
        );
    }
    if let Some(lambda) = resource.lambda_details.get() {
        let attrs = attributes(
            &[
                ("Version", lambda.function_version.get()),
                ("Role", lambda.role.get()),
            ],
            cx,
        );
        let id = lambda.function_arn.get().or(lambda.function_name.get());
        simple(
            finding,
            ResourceKind::Lambda,
            id,
            lambda.function_name.get(),
            attrs,
            cx,
        );
        add_tags(finding, &lambda.tags, cx);
    }
    if let Some(volumes) = resource.ebs_volume_details.get() {
        for volume in volumes
            .scanned_volume_details
            .0
            .iter()
            .filter_map(lenient::Obj::get)
        {
            let attrs = attributes(
                &[
                    ("Device", volume.device_name.get()),
                    ("Volume type", volume.volume_type.get()),
                ],
                cx,
            );
            simple(
                finding,
                ResourceKind::EbsVolume,
                volume.volume_arn.get(),
                arn_short_name(volume.volume_arn.get()),
                attrs,
                cx,
            );
        }
    }
    if let Some(snapshot) = resource.ebs_snapshot_details.get() {
        simple(
            finding,
            ResourceKind::EbsSnapshot,
            snapshot.snapshot_arn.get(),
            arn_short_name(snapshot.snapshot_arn.get()),
            Vec::new(),
            cx,
        );
    }
    if let Some(image) = resource.ec2_image_details.get() {
        simple(
            finding,
            ResourceKind::Ec2Image,
            image.image_arn.get(),
            arn_short_name(image.image_arn.get()),
            Vec::new(),
            cx,
        );
    }
    if let Some(point) = resource.recovery_point_details.get() {
        let attrs = attributes(&[("Backup vault", point.backup_vault_name.get())], cx);
        simple(
            finding,
            ResourceKind::RecoveryPoint,
            point.recovery_point_arn.get(),
            arn_short_name(point.recovery_point_arn.get()),
            attrs,
            cx,
        );
    }
    if let Some(guardrail) = resource.bedrock_guardrail_details.get() {
        apply_guardrail(finding, guardrail, cx);
    }
    for model in resource
        .model_details
        .0
        .iter()
        .filter_map(lenient::Obj::get)
    {
        simple(
            finding,
            ResourceKind::AiModel,
            model.model_id.get(),
            None,
            Vec::new(),
            cx,
        );
    }
    if placeholder {
        finding.sample = true;
    }
}

/// `bedrockGuardrailDetails`: the guardrail named at the top (with what it did to the call and
/// the content filters it applied) and any further guardrails listed.
fn apply_guardrail(
    finding: &mut Finding,
    guardrail: &wire::resource::BedrockGuardrailDetails,
    cx: &mut Context<'_>,
) {
    let listed: Vec<&wire::resource::BedrockGuardrail> = guardrail
        .guardrails
        .0
        .iter()
        .filter_map(lenient::Obj::get)
        .collect();
    let first = listed.first();
    let arn = guardrail
        .guardrail_arn
        .get()
        .or(first.and_then(|g| g.arn.get()));
    let version = guardrail
        .guardrail_version
        .get()
        .or(first.and_then(|g| g.version.get()));
    let mut attrs = attributes(
        &[
            ("Version", version),
            ("Action", guardrail.guardrail_action.get()),
            ("Source", guardrail.guardrail_source.get()),
        ],
        cx,
    );
    for filter in guardrail
        .content_policy_filters
        .0
        .iter()
        .filter_map(lenient::Obj::get)
    {
        let Some(kind) = filter.kind.get() else {
            continue;
        };
        let mut text = kind.to_owned();
        if let Some(action) = filter.action.get() {
            text.push_str(&format!(": {action}"));
        }
        if let Some(confidence) = filter.confidence.get() {
            text.push_str(&format!(" (confidence {confidence})"));
        }
        attrs.push((cx.text("Content filter"), cx.text(&text)));
    }
    simple(
        finding,
        ResourceKind::BedrockGuardrail,
        arn,
        arn_short_name(arn),
        attrs,
        cx,
    );
    for other in listed.iter().skip(1) {
        let attrs = attributes(&[("Version", other.version.get())], cx);
        simple(
            finding,
            ResourceKind::BedrockGuardrail,
            other.arn.get(),
            arn_short_name(other.arn.get()),
            attrs,
            cx,
        );
    }
}
