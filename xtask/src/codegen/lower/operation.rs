//! Lowers paths and their operations into client methods: names, parameters in argument order,
//! the path template, headers the client sends itself, and the request body.

use openapiv3::{Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema, SchemaKind, Type};

use super::response::Outcomes;
use super::{Ctx, Lowerer, SchemaAt};
use crate::codegen::diag::{pointer_push, Error};
use crate::codegen::model::*;
use crate::codegen::naming::{self, Namer};
use crate::codegen::spec::{self, Segment};

/// A parameter as declared for one operation, with where it is declared and how it is written.
struct Declared<'a> {
    data: &'a ParameterData,
    location: ParamLocation,
    pointer: String,
    style: (ParamStyle, bool),
}

/// The parameters of an operation in argument order, and the headers the client sends itself.
struct Params {
    params: Vec<Param>,
    path_parts: Vec<PathPart>,
    constant_headers: Vec<(String, String)>,
}

impl<'a> Lowerer<'a> {
    /// Every operation of every path, sorted by method name.
    pub(super) fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let spec = self.spec;
        let doc = spec.root_key.clone();
        let mut paths: Vec<_> = spec.root.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut method_names = Namer::reserving(naming::CLIENT_METHODS);
        let mut operations = Vec::new();
        for (path, item) in paths {
            let path_pointer = pointer_push("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    let message =
                        format!("path items by `$ref` ({reference}) are not supported; its operations are skipped");
                    self.skip(&doc, &path_pointer, message);
                    continue;
                }
            };
            for method in spec::METHODS {
                let Some(op) = operation_of(item, method) else { continue };
                let pointer = pointer_push(&path_pointer, method);
                let method = method.to_ascii_uppercase();
                if let Some(operation) = self.operation(path, &method, op, item, &pointer, &mut method_names)? {
                    operations.push(operation);
                }
            }
        }
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(operations)
    }

    /// One operation; `None` when it is skipped, with a warning saying why.
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a openapiv3::Operation,
        item: &'a PathItem,
        pointer: &str,
        method_names: &mut Namer,
    ) -> Result<Option<Operation>, Error> {
        let name = method_names.claim(match &op.operation_id {
            Some(id) if !naming::snake_name(id).is_empty() => naming::snake_name(id),
            _ => naming::method_name_from_path(method, path),
        });
        let type_prefix = naming::type_name(&name);
        let error_enum = self.type_names.claim(format!("{type_prefix}Error"));
        let declared = self.declared(&item.parameters, &op.parameters, pointer)?;
        let Params { params, path_parts, constant_headers } = self.params(path, &declared, pointer, &type_prefix)?;
        let body = match &op.request_body {
            None => None,
            Some(body) => match self.request_body(body, &pointer_push(pointer, "requestBody"), &type_prefix)? {
                Some(body) => Some(body),
                None => return Ok(None),
            },
        };
        let Outcomes { success, errors, accept } = self.responses(&op.responses, pointer, &type_prefix)?;
        let distinct: std::collections::BTreeSet<_> = success.iter().map(ResponseCase::value).collect();
        let success_enum = (distinct.len() > 1).then(|| self.type_names.claim(format!("{type_prefix}Success")));
        let optional = params.iter().filter(|p| !p.required).count();
        let params_struct =
            (optional >= PARAMS_STRUCT_MIN_OPTIONAL).then(|| self.type_names.claim(format!("{type_prefix}Params")));
        // RFC 9110 makes these methods idempotent; the spec can say otherwise either way.
        let idempotent = op.extensions.get("x-idempotent").and_then(|v| v.as_bool());
        let idempotent =
            idempotent.unwrap_or(matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE"));
        let upstream_id = op.extensions.get("x-upstream-operation-id").and_then(|v| v.as_str()).map(str::to_string);
        Ok(Some(Operation {
            name,
            api_name: op.operation_id.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            upstream_id,
            method: method.to_string(),
            path: path.to_string(),
            path_parts,
            params,
            params_struct,
            constant_headers,
            body,
            success,
            success_enum,
            error_enum,
            errors,
            accept,
            idempotent,
        }))
    }

    /// The parameters that apply to an operation: operation-level ones replace path-level ones of
    /// the same name and location. Cookie parameters are left out, with a warning.
    fn declared(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        op_level: &'a [ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<Vec<Declared<'a>>, Error> {
        let doc = self.spec.root_key.clone();
        let item_pointer = pointer.rsplit_once('/').map(|(p, _)| p.to_string()).unwrap_or_default();
        let mut declared: Vec<Declared<'a>> = Vec::new();
        for (list, base) in [(path_level, item_pointer.as_str()), (op_level, pointer)] {
            for (index, param) in list.iter().enumerate() {
                let at = pointer_push(&pointer_push(base, "parameters"), &index.to_string());
                let parameter = self.parameter(param, &at)?;
                let (data, location) = match parameter {
                    Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
                    Parameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
                    Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
                    Parameter::Cookie { parameter_data, .. } => {
                        let message = format!("cookie parameter `{}` is not supported; not sent", parameter_data.name);
                        self.skip(&doc, &at, message);
                        continue;
                    }
                };
                declared.retain(|d| !(d.data.name == data.name && d.location == location));
                declared.push(Declared {
                    data,
                    location,
                    pointer: at,
                    style: super::style::parameter_style(parameter),
                });
            }
        }
        Ok(declared)
    }

    /// Arguments in order: path parameters in template order, then the other required ones, then
    /// the optional ones. A path variable nobody declares is a required string (validation warns).
    fn params(
        &mut self,
        path: &str,
        declared: &[Declared<'a>],
        pointer: &str,
        type_prefix: &str,
    ) -> Result<Params, Error> {
        let doc = self.spec.root_key.clone();
        let template = spec::path_template(path).map_err(|e| self.error(&doc, pointer, e.to_string()))?;
        let mut arg_names = Namer::default();
        // The body argument is always called `body`.
        arg_names.claim("body".into());
        let mut params = Vec::new();
        let mut path_parts = Vec::new();
        for segment in template {
            let var = match segment {
                Segment::Literal(text) => {
                    path_parts.push(PathPart::Literal(text.to_string()));
                    continue;
                }
                Segment::Variable(var) => var,
            };
            let found = declared.iter().find(|d| d.location == ParamLocation::Path && d.data.name == var);
            let (ty, description, pointer, (style, explode)) = match found {
                Some(d) => {
                    let ty = self.param_type(d.data, &d.pointer, type_prefix)?;
                    (ty, d.data.description.clone(), d.pointer.clone(), d.style)
                }
                None => (TypeRef::String, None, pointer.to_string(), (ParamStyle::Simple, false)),
            };
            let name = arg_names.claim(naming::snake_name(var));
            let api_name = var.to_string();
            path_parts.push(PathPart::Param(params.len()));
            // Set by `value_kinds` once every type is lowered, as for the other parameters.
            let (location, required, value) = (ParamLocation::Path, true, ValueKind::Primitive);
            params.push(Param { name, api_name, location, ty, required, description, pointer, style, explode, value });
        }
        let constant_headers = self.other_params(declared, &mut params, &mut arg_names, type_prefix)?;
        Ok(Params { params, path_parts, constant_headers })
    }

    /// Appends the query and header parameters to the path parameters, required ones first, and
    /// gives the headers the client sends itself.
    fn other_params(
        &mut self,
        declared: &[Declared<'a>],
        params: &mut Vec<Param>,
        arg_names: &mut Namer,
        type_prefix: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        let doc = self.spec.root_key.clone();
        let mut constant_headers = Vec::new();
        let mut optional = Vec::new();
        for d in declared {
            if d.location == ParamLocation::Path {
                if !params.iter().any(|p| p.api_name == d.data.name) {
                    let message = format!("path parameter `{}` does not occur in the path; ignored", d.data.name);
                    self.skip(&doc, &d.pointer, message);
                }
                continue;
            }
            if d.location == ParamLocation::Header {
                // The client sends the bearer token itself.
                if d.data.name.eq_ignore_ascii_case("authorization") {
                    continue;
                }
                if let Some(value) = single_value(d.data).filter(|_| d.data.required) {
                    constant_headers.push((d.data.name.clone(), value));
                    continue;
                }
            }
            let param = self.other_param(d, params, arg_names, type_prefix)?;
            if param.required {
                params.push(param)
            } else {
                optional.push(param)
            }
        }
        params.extend(optional);
        Ok(constant_headers)
    }

    /// A query or header parameter as an argument.
    fn other_param(
        &mut self,
        d: &Declared<'a>,
        path_params: &[Param],
        arg_names: &mut Namer,
        type_prefix: &str,
    ) -> Result<Param, Error> {
        let ty = self.param_type(d.data, &d.pointer, type_prefix)?;
        let name = arg_names.claim(naming::snake_name(&d.data.name));
        if path_params.iter().any(|p| p.location == ParamLocation::Path && p.api_name == d.data.name) {
            // Which of the two the server reads is unknowable; sending both loses nothing.
            let message = format!(
                "`{}` is declared both in the path and here; both are kept, this one as the argument `{name}`",
                d.data.name
            );
            let spec = self.spec;
            self.warn(&spec.root_key, &d.pointer, message);
        }
        let (api_name, pointer, (style, explode)) = (d.data.name.clone(), d.pointer.clone(), d.style);
        let (required, description) = (d.data.required, d.data.description.clone());
        // The value's kind depends on its type's definition, which may not be lowered yet;
        // `value_kinds` sets it.
        let value = ValueKind::Primitive;
        Ok(Param { name, api_name, location: d.location, ty, required, description, pointer, style, explode, value })
    }

    fn parameter(&mut self, param: &'a ReferenceOr<Parameter>, at: &str) -> Result<&'a Parameter, Error> {
        self.component_item(param, at, ("parameters", "parameter"), |c| &c.parameters)
    }

    fn param_type(&mut self, data: &'a ParameterData, at: &str, type_prefix: &str) -> Result<TypeRef, Error> {
        let ctx = Ctx {
            doc: self.spec.root_key.clone(),
            pointer: pointer_push(at, "schema"),
            name_hint: format!("{type_prefix}{}", naming::type_name(&data.name)),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.type_of(SchemaAt::from(schema), &ctx)?,
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        };
        if let Some(example) = &data.example {
            let ctx = Ctx { pointer: at.to_string(), ..ctx };
            self.example(&ctx, "example", ty.clone(), example);
        }
        Ok(ty)
    }
}

/// The operation a path item holds for a method key of [`spec::METHODS`].
fn operation_of<'a>(item: &'a PathItem, method: &str) -> Option<&'a openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// The one allowed value of a parameter, such as HighLevel's `Version: 2021-07-28`.
fn single_value(data: &ParameterData) -> Option<String> {
    match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::String(string)),
            ..
        })) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}
