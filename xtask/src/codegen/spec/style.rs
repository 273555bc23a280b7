//! OpenAPI's parameter styles as the spec gives them: each parameter's `style` and `explode`, or
//! their defaults.

use openapiv3::{Parameter, PathStyle, QueryStyle};

use crate::codegen::model::ParamStyle;

/// A parameter's `style` and `explode`: as the spec gives them, else the location's default style
/// (`form` in the query and for cookies, `simple` in the path and in headers), and `explode`
/// true for `form` and false for every other style, as OpenAPI 3.0.3 says.
pub fn parameter_style(parameter: &Parameter) -> (ParamStyle, bool) {
    let style = match parameter {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple,
            PathStyle::Label => ParamStyle::Label,
            PathStyle::Matrix => ParamStyle::Matrix,
        },
        Parameter::Header { .. } => ParamStyle::Simple,
        Parameter::Cookie { .. } => ParamStyle::Form,
    };
    let explode = parameter.parameter_data_ref().explode.unwrap_or(style == ParamStyle::Form);
    (style, explode)
}
