//! A user of the `base.yaml` client, written as the crate's docs say to use it: structs built with
//! `..Type::new(..)`, open enums matched with a wildcard arm, error enums matched exhaustively.
//! `xtask/tests/semver.rs` compiles it against every edit's client: an additive edit must leave it
//! compiling, and a breaking one must not, so every item an edit touches is used here.

use client::types::{Post, PostStatus, Problem};
use client::{Client, CreatePostError, Error, GetPostError};

pub fn draft(title: &str) -> Post {
    Post { body: Some("Hello".to_string()), status: Some(PostStatus::Draft), ..Post::new(title.to_string()) }
}

pub fn body_length(post: &Post) -> usize {
    post.body.as_deref().map_or(0, str::len) + post.title.len()
}

pub fn status_label(status: &PostStatus) -> &'static str {
    match status {
        PostStatus::Draft => "a draft",
        PostStatus::Published => "published",
        _ => "in a state this program does not know",
    }
}

pub fn problem(error: GetPostError) -> Problem {
    match error {
        GetPostError::NotFound(problem) => problem,
    }
}

pub async fn publish(client: &Client, title: &str) -> Result<Post, String> {
    let created = match client.create_post(&draft(title)).await {
        Ok(post) => post.into_inner(),
        Err(Error::ErrorResponse(response)) => match response.into_inner() {
            CreatePostError::BadRequest(problem) => return Err(problem.message.unwrap_or_default()),
        },
        Err(other) => return Err(other.to_string()),
    };
    match client.get_post(&created.title).await {
        Ok(post) => Ok(post.into_inner()),
        Err(Error::ErrorResponse(response)) => Err(problem(response.into_inner()).message.unwrap_or_default()),
        Err(other) => Err(other.to_string()),
    }
}
